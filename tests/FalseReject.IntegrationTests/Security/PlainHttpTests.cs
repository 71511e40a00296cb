using System.Net;

namespace FalseReject.IntegrationTests.Security;

/// <summary>
/// Issue 13, point 5: outside Development the cookies are Secure-only, so plain HTTP cannot log
/// in. The built app refuses to start on a plain-HTTP endpoint unless a proxy is trusted to
/// forward the scheme or <c>Auth:RequireHttps=false</c>; never a 500.
/// </summary>
public sealed class PlainHttpStartTests
{
    [Fact]
    public async Task RefusesToStart_OnAPlainHttpEndpoint_OutsideDevelopment_NamingTheSettingAndTheProxyAlternative()
    {
        var (code, output) = await BuiltApp.RunToEndAsync(("ASPNETCORE_ENVIRONMENT", "Production"));

        Assert.Equal(1, code);
        Assert.Contains("FalseReject will not serve plain HTTP outside Development", output);
        Assert.Contains("Auth:RequireHttps=false", output);
        Assert.Contains("reverse proxy", output);
        Assert.Contains("ForwardedHeaders:Enabled=true", output);
    }

    [Fact]
    public async Task StartsOnPlainHttp_BehindATrustedProxy_AndRefusesWhatDoesNotArriveAsHttpsWith400()
    {
        // The test connects from loopback, which is a known proxy by default.
        await using var app = await BuiltApp.StartAsync(("ASPNETCORE_ENVIRONMENT", "Production"), ("ForwardedHeaders__Enabled", "true"));
        using var client = app.CreateBrowserClient();

        using var forwarded = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        forwarded.Headers.Add("X-Forwarded-Proto", "https");
        var page = await client.SendAsync(forwarded);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var antiforgery = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);

        var direct = await client.GetAsync("/Account/Login");
        Assert.Equal(HttpStatusCode.BadRequest, direct.StatusCode);
        Assert.Contains("HTTPS only", await direct.Content.ReadAsStringAsync());
        // The balancer's health probe comes without the header.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}

/// <summary>Issue 13, point 5: with <c>Auth:RequireHttps=false</c> Production works over plain HTTP.</summary>
[Collection(ProductionOverHttp.Collection)]
public sealed class PlainHttpLoginTests(ProductionOverHttp fixture)
{
    [Fact]
    public async Task LoginAndForgotPassword_WorkOverPlainHttp_WithCookiesThatAreNotSecureOnly_When_RequireHttpsIsOff()
    {
        using var client = fixture.App.CreateBrowserClient();

        var page = await client.GetAsync("/Account/Login");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var antiforgery = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/ForgotPassword")).StatusCode);

        var login = await FalseRejectFactory.LoginAsync(client, FalseRejectFactory.AdminEmail, FalseRejectFactory.AdminPassword);
        HttpAssert.RedirectsTo(login, "/");
        var session = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TheStart_WarnsThatPlainHttpIsAccepted()
    {
        Assert.Contains("Auth:RequireHttps=false: FalseReject accepts plain HTTP outside Development", fixture.App.Log);
    }
}
