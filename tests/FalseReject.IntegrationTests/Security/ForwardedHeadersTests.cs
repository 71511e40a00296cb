using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using FalseReject.Web.Security;

namespace FalseReject.IntegrationTests.Security;

/// <summary>
/// Issue 13, point 7: X-Forwarded-For counts only when the connection comes from a configured
/// proxy, so a client cannot escape the login rate limit (two posts a minute here) by writing it.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private static readonly IPAddress Stranger = IPAddress.Parse("203.0.113.7");

    public static TheoryData<string, string> EnabledSettings => new()
    {
        { "ForwardedHeaders:Enabled", "true" },
        // ASPNETCORE_FORWARDEDHEADERS_ENABLED=true, which the README once recommended.
        { "ForwardedHeaders_Enabled", "true" },
    };

    [Theory]
    [MemberData(nameof(EnabledSettings))]
    public async Task SpoofedForwardedFor_FromAClientThatIsNoProxy_DoesNotChangeItsRateLimitedAddress(string key, string value)
    {
        using var factory = new ProxiedFactory((key, value), ("ForwardedHeaders:KnownProxies", "10.0.0.1"));

        Assert.False(await IsLimitedAsync(factory, Stranger, "198.51.100.1"));
        Assert.False(await IsLimitedAsync(factory, Stranger, "198.51.100.2"));
        Assert.True(await IsLimitedAsync(factory, Stranger, "198.51.100.3"));
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies", "10.0.0.9;10.0.0.1", "10.0.0.1")]
    [InlineData("ForwardedHeaders:KnownNetworks", "10.1.0.0/16", "10.1.2.3")]
    [InlineData("ForwardedHeaders:KnownProxies", "", "127.0.0.1")]
    public async Task ForwardedFor_FromAKnownProxy_IsTheClientAddressTheRateLimiterCounts(string key, string value, string proxy)
    {
        using var factory = new ProxiedFactory(("ForwardedHeaders:Enabled", "true"), (key, value));
        var from = IPAddress.Parse(proxy);

        Assert.False(await IsLimitedAsync(factory, from, "198.51.100.1"));
        Assert.False(await IsLimitedAsync(factory, from, "198.51.100.1"));
        Assert.True(await IsLimitedAsync(factory, from, "198.51.100.1"));
        // Another client behind the same proxy has its own budget.
        Assert.False(await IsLimitedAsync(factory, from, "198.51.100.2"));
    }

    [Fact]
    public async Task ForwardedFor_IsIgnored_UnlessEnabled()
    {
        using var factory = new ProxiedFactory(("ForwardedHeaders:KnownProxies", "10.0.0.1"));
        var proxy = IPAddress.Parse("10.0.0.1");

        Assert.False(await IsLimitedAsync(factory, proxy, "198.51.100.1"));
        Assert.False(await IsLimitedAsync(factory, proxy, "198.51.100.2"));
        Assert.True(await IsLimitedAsync(factory, proxy, "198.51.100.3"));
    }

    [Theory]
    [InlineData("KnownProxies", "10.0.0.300", "is not an IP address")]
    [InlineData("KnownNetworks", "10.0.0.0", "is not a network in CIDR notation")]
    public void AKnownProxyThatDoesNotParse_StopsTheStart_WithItsName(string key, string value, string message)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"ForwardedHeaders:{key}"] = value })
            .Build();
        var error = Assert.Throws<InvalidOperationException>(() => ForwardedHeadersSettings.From(configuration));
        Assert.Contains($"ForwardedHeaders:{key}: '{value}' {message}", error.Message);
    }

    /// <summary>
    /// Whether a login post from <paramref name="remote"/> is refused by the rate limiter: its
    /// Retry-After says so (the status is not 429 here, as the rejected post, which carries no
    /// antiforgery token, is re-executed into the not-found page, which refuses it with 400).
    /// </summary>
    private static async Task<bool> IsLimitedAsync(ProxiedFactory factory, IPAddress remote, string forwardedFor)
    {
        var context = await factory.Server.SendAsync(c =>
        {
            c.Connection.RemoteIpAddress = remote;
            c.Request.Method = HttpMethods.Post;
            c.Request.Path = "/Account/Login";
            c.Request.Headers["X-Forwarded-For"] = forwardedFor;
        });
        return context.Response.Headers.RetryAfter.Count > 0;
    }

    private sealed class ProxiedFactory(params (string Key, string Value)[] settings) : FalseRejectFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("RateLimits:LoginPerMinute", "2");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
