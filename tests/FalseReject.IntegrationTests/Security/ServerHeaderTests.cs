using System.Net;

namespace FalseReject.IntegrationTests.Security;

/// <summary>
/// Issue 13, point 16: no <c>Server: Kestrel</c> header. Only the real host shows it (the test
/// server of WebApplicationFactory never writes one), so this runs against the built app.
/// </summary>
[Collection(ProductionOverHttp.Collection)]
public sealed class ServerHeaderTests(ProductionOverHttp fixture)
{
    [Theory]
    [InlineData("/Account/Login", HttpStatusCode.OK)]
    [InlineData("/health/live", HttpStatusCode.OK)]
    [InlineData("/_framework/blazor.web.js", HttpStatusCode.OK)]
    [InlineData("/no-such-page", HttpStatusCode.NotFound)]
    public async Task Responses_CarryNoServerHeader(string path, HttpStatusCode status)
    {
        using var client = fixture.App.CreateBrowserClient();

        var response = await client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.False(response.Headers.Contains("Server"), $"Server: {string.Join(", ", response.Headers.Server)}");
    }
}
