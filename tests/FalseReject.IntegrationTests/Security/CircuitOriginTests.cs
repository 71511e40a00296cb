using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using FalseReject.Web.Security;

namespace FalseReject.IntegrationTests.Security;

/// <summary>
/// Issue 13, point 16: the Blazor hub refuses a foreign <c>Origin</c> (cross-site WebSocket
/// hijacking: a browser sends the sign-in cookie with a WebSocket to any site), on negotiate and on
/// the WebSocket itself; its own origin, and an origin listed in <c>Blazor:AllowedOrigins</c>, pass.
/// </summary>
public sealed class CircuitOriginTests(CircuitOriginTests.Factory factory) : IClassFixture<CircuitOriginTests.Factory>
{
    private const string Evil = "https://evil.example";
    private const string Listed = "https://falsereject.example.org";

    [Fact]
    public async Task Negotiate_FromAForeignOrigin_Is403()
    {
        var response = await NegotiateAsync(Evil);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Blazor:AllowedOrigins", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("http://localhost")]       // the request's own scheme and host
    [InlineData("HTTP://LOCALHOST:80")]    // the same origin, spelt otherwise
    [InlineData(Listed)]                   // listed in Blazor:AllowedOrigins
    public async Task Negotiate_FromTheSameOrOneListedOrigin_Succeeds(string origin)
    {
        var response = await NegotiateAsync(origin);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(await ConnectionTokenAsync(response)));
    }

    [Theory]
    [InlineData("https://localhost")]        // another scheme
    [InlineData("http://localhost:8080")]    // another port
    [InlineData("http://localhost.evil.example")]
    [InlineData("null")]                     // a sandboxed frame or a file
    public async Task Negotiate_FromANearMissOrOpaqueOrigin_Is403(string origin)
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await NegotiateAsync(origin)).StatusCode);
    }

    [Fact]
    public async Task TheCircuitWebSocket_FromAForeignOrigin_Is403()
    {
        var token = await ConnectionTokenAsync(await NegotiateAsync("http://localhost"));

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(token, Evil));

        Assert.Contains("403", refused.Message);
    }

    [Fact]
    public async Task TheCircuitWebSocket_FromTheSameOrigin_Connects()
    {
        var token = await ConnectionTokenAsync(await NegotiateAsync("http://localhost"));

        using var socket = await ConnectAsync(token, "http://localhost");

        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task Negotiate_WithoutAnOrigin_Succeeds_BecauseOnlyBrowsersCarryCookiesAcrossSites()
    {
        Assert.Equal(HttpStatusCode.OK, (await NegotiateAsync(null)).StatusCode);
    }

    [Theory]
    [InlineData("https", HttpStatusCode.OK)]
    [InlineData(null, HttpStatusCode.Forbidden)]   // the proxy's plain-HTTP hop is not the page's origin
    public async Task BehindATrustedProxy_ThePublicOriginIsTheForwardedSchemeAndTheHost(string? forwardedProto, HttpStatusCode expected)
    {
        using var proxied = new Factory(("ForwardedHeaders:Enabled", "true"));

        var context = await proxied.Server.SendAsync(c =>
        {
            c.Connection.RemoteIpAddress = IPAddress.Loopback; // a known proxy by default
            c.Request.Method = HttpMethods.Post;
            c.Request.Scheme = "http";
            c.Request.Host = new HostString("app.example.net");
            c.Request.Path = "/_blazor/negotiate";
            c.Request.QueryString = new QueryString("?negotiateVersion=1");
            c.Request.Headers.Origin = "https://app.example.net";
            if (forwardedProto is not null)
            {
                c.Request.Headers["X-Forwarded-Proto"] = forwardedProto;
            }
        });

        Assert.Equal((int)expected, context.Response.StatusCode);
    }

    [Fact]
    public void AllowedOrigins_RefusesAnEntryThatIsNotAnOrigin_NamingIt()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Blazor:AllowedOrigins"] = "https://ok.example; https://bad.example/path" })
            .Build();

        var error = Assert.Throws<InvalidOperationException>(() => CircuitOriginCheck.AllowedOrigins(configuration));

        Assert.Contains("Blazor:AllowedOrigins: 'https://bad.example/path' is not an origin", error.Message);
    }

    private async Task<HttpResponseMessage> NegotiateAsync(string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        return await factory.CreateClient().SendAsync(request);
    }

    private static async Task<string> ConnectionTokenAsync(HttpResponseMessage negotiate)
    {
        using var json = JsonDocument.Parse(await negotiate.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("connectionToken").GetString() ?? "";
    }

    private Task<WebSocket> ConnectAsync(string connectionToken, string origin)
    {
        var client = factory.Server.CreateWebSocketClient();
        client.ConfigureRequest = request => request.Headers.Origin = origin;
        return client.ConnectAsync(new Uri($"ws://localhost/_blazor?id={Uri.EscapeDataString(connectionToken)}"), CancellationToken.None);
    }

    /// <summary>The app with <see cref="Listed"/> in <c>Blazor:AllowedOrigins</c>, and any further settings.</summary>
    public sealed class Factory : FalseRejectFactory
    {
        private readonly (string Key, string Value)[] _settings;

        public Factory()
            : this([])
        {
        }

        internal Factory(params (string Key, string Value)[] settings) => _settings = settings;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Blazor:AllowedOrigins", Listed);
            foreach (var (key, value) in _settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
