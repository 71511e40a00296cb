using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace FalseReject.IntegrationTests.Security;

public sealed class RateLimitingTests : IDisposable
{
    private readonly LimitedFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task LoginPosts_BeyondTheLimit_Get429WithRetryAfter()
    {
        var client = _factory.CreateBrowserClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await FalseRejectFactory.LoginAsync(client, "nobody@example.org", "Wrong-Pass-123")).StatusCode);
        }
        var limited = await FalseRejectFactory.LoginAsync(client, FalseRejectFactory.AdminEmail, FalseRejectFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "A 429 says when to retry.");
        // Said in words too, not the "Not found" page the status code pages would otherwise show.
        var body = await limited.Content.ReadAsStringAsync();
        Assert.StartsWith("Too many login attempts from this address. Try again in ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Not found", body, StringComparison.Ordinal);

        // Reading pages is not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
    }

    [Fact]
    public async Task ApiRequests_BeyondTheLimit_Get429_PerToken()
    {
        var client = _factory.CreateClient();
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/datasets");
            request.Headers.Authorization = new("Bearer", "frk_token_one");
            responses.Add(await client.SendAsync(request));
        }
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, responses.Take(2).Select(r => r.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, responses[2].StatusCode);
        // An API client gets problem details, not the app's HTML page.
        Assert.Equal("application/problem+json", responses[2].Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"status\":429", await responses[2].Content.ReadAsStringAsync());

        // Another token has its own budget.
        using var other = new HttpRequestMessage(HttpMethod.Get, "/api/datasets");
        other.Headers.Authorization = new("Bearer", "frk_token_two");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.SendAsync(other)).StatusCode);
    }

    private sealed class LimitedFactory : FalseRejectFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("RateLimits:LoginPerMinute", "3");
            builder.UseSetting("RateLimits:ApiPerMinute", "2");
        }
    }
}
