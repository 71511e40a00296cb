using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using FalseReject.Web.Data;
using FalseReject.Web.Security;

namespace FalseReject.IntegrationTests.Security;

/// <summary>On the default store, SQLite.</summary>
public sealed class AccessTests(FalseRejectFactory factory) : AccessTestsBase<FalseRejectFactory>(factory), IClassFixture<FalseRejectFactory>;

/// <summary>The same suite on a real PostgreSQL server.</summary>
public sealed class PostgresAccessTests(PostgresFactory factory) : AccessTestsBase<PostgresFactory>(factory), IClassFixture<PostgresFactory>;

/// <summary>Anonymous users are sent to log in; each role reaches only its areas, through the real login.</summary>
public abstract class AccessTestsBase<TFactory>(TFactory factory) : IAsyncLifetime
    where TFactory : FalseRejectFactory
{
    private const string Password = "Integration-Pass-42";

    // Each area's route and the roles that may open it (mirrors Security/Policies.cs on purpose:
    // a change there must be a deliberate change here too).
    public static TheoryData<string> AreaRoutes => ["/datasets", "/annotate", "/review", "/agreement", "/leaderboard", "/runs", "/admin/users"];

    private static readonly Dictionary<string, string[]> AllowedRoles = new()
    {
        ["/datasets"] = [Roles.Reviewer, Roles.Admin],
        ["/annotate"] = [Roles.Annotator],
        ["/review"] = [Roles.Reviewer, Roles.Admin],
        ["/agreement"] = [Roles.Reviewer, Roles.Admin],
        ["/leaderboard"] = [Roles.Reviewer, Roles.Admin],
        ["/runs"] = [Roles.Reviewer, Roles.Admin],
        ["/admin/users"] = [Roles.Admin],
    };

    public async Task InitializeAsync()
    {
        foreach (var role in Roles.All)
        {
            var email = EmailFor(role);
            // The fixture is shared by the class's tests: create each user once.
            await using var scope = factory.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            if (await users.FindByEmailAsync(email) is null)
            {
                await factory.CreateUserAsync(email, Password, role);
            }
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string EmailFor(string role) => $"role-{role.ToLowerInvariant()}@tests.falsereject.local";

    [Theory]
    [MemberData(nameof(AreaRoutes))]
    public async Task AnonymousUser_IsSentToLogin(string route)
    {
        var response = await factory.CreateBrowserClient().GetAsync(route);
        HttpAssert.RedirectsTo(response, "/Account/Login");
        Assert.Contains(Uri.EscapeDataString(route), response.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Admin")]
    [InlineData("Reviewer")]
    [InlineData("Annotator")]
    public async Task EachRole_ReachesOnlyItsAreas(string role)
    {
        var client = factory.CreateBrowserClient();
        var login = await FalseRejectFactory.LoginAsync(client, EmailFor(role), Password);
        HttpAssert.RedirectsTo(login, "/");

        foreach (var (route, allowed) in AllowedRoles)
        {
            var response = await client.GetAsync(route);
            if (allowed.Contains(role))
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{role} should reach {route} but got {(int)response.StatusCode}.");
            }
            else
            {
                HttpAssert.RedirectsTo(response, "/Account/AccessDenied");
            }
        }
    }

    [Fact]
    public async Task Login_Fails_WithAWrongPassword()
    {
        var client = factory.CreateBrowserClient();
        var response = await FalseRejectFactory.LoginAsync(client, EmailFor(Roles.Reviewer), "Wrong-Password-1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Invalid login attempt", await response.Content.ReadAsStringAsync());
        HttpAssert.RedirectsTo(await client.GetAsync("/review"), "/Account/Login");
    }

    [Fact]
    public async Task BootstrapAdmin_FromConfiguration_CanLogInAndReachAdmin()
    {
        var client = factory.CreateBrowserClient();
        HttpAssert.RedirectsTo(await FalseRejectFactory.LoginAsync(client, FalseRejectFactory.AdminEmail, FalseRejectFactory.AdminPassword), "/");
        var page = await client.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Registration_IsClosedByDefault()
    {
        var html = await factory.CreateClient().GetStringAsync("/Account/Register");
        Assert.Contains("Registration is closed", html);
        Assert.DoesNotContain("Input.Password", html);
    }
}
