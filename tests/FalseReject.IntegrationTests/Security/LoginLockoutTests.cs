using System.Net;
using FalseReject.IntegrationTests.Api;
using FalseReject.Web.Security;

namespace FalseReject.IntegrationTests.Security;

/// <summary>
/// Wrong passwords lock out one (account, client address) pair, not the account: a stranger who
/// types five wrong passwords cannot lock a colleague out, nor stop the colleague's API tokens.
/// </summary>
public sealed class LoginLockoutTests(FalseRejectFactory factory) : IClassFixture<FalseRejectFactory>
{
    private const string WrongPassword = "Wrong-Pass-123";

    private async Task<HttpClient> LockOutAsync(string email, string strangerAddress)
    {
        await factory.EnsureUserAsync(email, Roles.Annotator);
        var stranger = factory.CreateBrowserClient(strangerAddress);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await FalseRejectFactory.LoginAsync(stranger, email, WrongPassword)).StatusCode);
        }
        HttpAssert.RedirectsTo(await FalseRejectFactory.LoginAsync(stranger, email, WrongPassword), "/Account/Lockout");
        return stranger;
    }

    [Fact]
    public async Task FiveWrongPasswords_FromOneAddress_LockThatAddress_EvenForTheRightPassword()
    {
        const string email = "lockout-same-address@tests.falsereject.local";
        var stranger = await LockOutAsync(email, "203.0.113.10");

        var locked = await FalseRejectFactory.LoginAsync(stranger, email, ApiTestSupport.Password);

        HttpAssert.RedirectsTo(locked, "/Account/Lockout");
        HttpAssert.SetsNoSignInCookie(locked);
    }

    [Fact]
    public async Task FiveWrongPasswords_FromOneAddress_DoNotLockTheAccountOutFromAnotherAddress()
    {
        const string email = "lockout-colleague@tests.falsereject.local";
        await LockOutAsync(email, "203.0.113.20");

        var colleague = factory.CreateBrowserClient("198.51.100.20");
        var response = await FalseRejectFactory.LoginAsync(colleague, email, ApiTestSupport.Password);

        HttpAssert.RedirectsHome(response);
        HttpAssert.SetsTheSignInCookie(response);
        Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync("/annotate")).StatusCode);
    }

    [Fact]
    public async Task TheAccountsApiToken_KeepsWorking_DuringALoginLockout()
    {
        const string email = "lockout-api@tests.falsereject.local";
        await factory.EnsureUserAsync(email, Roles.Annotator);
        var token = await factory.CreateTokenAsync(email);
        await LockOutAsync(email, "203.0.113.30");

        var response = await factory.CreateApiClient(token.Plaintext).GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
