using System.Net;
using FalseReject.IntegrationTests.Api;
using FalseReject.Web.Security;

namespace FalseReject.IntegrationTests.Security;

/// <summary>
/// Where the login and logout send the browser afterwards: a local ReturnUrl is followed; any
/// other (another host, a scheme, a protocol-relative or backslash trick) sends it home, and the
/// login still succeeds. Logout without the antiforgery token is a 400.
/// </summary>
public sealed class ReturnUrlTests(ProductionFalseRejectFactory factory) : IClassFixture<ProductionFalseRejectFactory>, IAsyncLifetime
{
    private const string Email = "return-url@tests.falsereject.local";

    public Task InitializeAsync() => factory.EnsureUserAsync(Email, Roles.Annotator);

    public Task DisposeAsync() => Task.CompletedTask;

    private static int _address;

    /// <summary>Each client its own address, so the login rate limiter does not count one test's posts against another's.</summary>
    private HttpClient NewBrowser() => factory.CreateBrowserClient($"192.0.2.{Interlocked.Increment(ref _address)}");

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("http://localhost.evil.example/")]
    [InlineData("\\\\evil.example/")]
    public async Task Login_WithAHostileReturnUrl_SignsIn_AndGoesHome(string returnUrl)
    {
        var response = await FalseRejectFactory.LoginAsync(NewBrowser(), Email, ApiTestSupport.Password,
            "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl));

        HttpAssert.RedirectsHome(response);
        HttpAssert.SetsTheSignInCookie(response);
    }

    [Theory]
    [InlineData("/annotate", "/annotate")]
    [InlineData("https://localhost/annotate/history", "/annotate/history")]
    public async Task Login_WithALocalReturnUrl_GoesThere(string returnUrl, string expectedPath)
    {
        var response = await FalseRejectFactory.LoginAsync(NewBrowser(), Email, ApiTestSupport.Password,
            "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(expectedPath, (location.IsAbsoluteUri ? location : new Uri(new Uri("https://localhost/"), location)).AbsolutePath);
        HttpAssert.SetsTheSignInCookie(response);
    }

    [Fact]
    public async Task Logout_WithoutTheAntiforgeryToken_Is400()
    {
        var browser = NewBrowser();
        HttpAssert.RedirectsHome(await FalseRejectFactory.LoginAsync(browser, Email, ApiTestSupport.Password));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["ReturnUrl"] = "" });

        var response = await browser.PostAsync("/Account/Logout", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/annotate")).StatusCode);
    }

    [Theory]
    [InlineData("annotate", "/annotate")]
    [InlineData("/evil.example/", "/")]
    [InlineData("\\evil.example/", "/")]
    public async Task Logout_SignsOut_AndGoesToALocalReturnUrlOnly(string returnUrl, string expectedPath)
    {
        var browser = NewBrowser();
        HttpAssert.RedirectsHome(await FalseRejectFactory.LoginAsync(browser, Email, ApiTestSupport.Password));
        var page = await browser.GetStringAsync("/annotate");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = ApiTestSupport.AntiforgeryToken(page),
            ["ReturnUrl"] = returnUrl,
        });

        var response = await browser.PostAsync("/Account/Logout", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        var target = location.IsAbsoluteUri ? location : new Uri(new Uri("https://localhost/"), location);
        Assert.Equal(("localhost", expectedPath), (target.Host, target.AbsolutePath));
        HttpAssert.RedirectsTo(await browser.GetAsync("/annotate"), "/Account/Login");
    }
}
