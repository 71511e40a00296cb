using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using FalseReject.Web.Data;
using FalseReject.Web.Features.Admin;
using FalseReject.Web.Security;

namespace FalseReject.Web.Tests.Admin;

public sealed class UserAdminServiceTests : IAsyncLifetime
{
    private ServiceTestHost _host = null!;
    private UserAdminService Service => _host.GetRequiredService<UserAdminService>();

    public async Task InitializeAsync()
    {
        _host = await ServiceTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Admin:Email"] = "root@example.org",
            ["Admin:Password"] = "Root-Password-123",
        });
        _host.SignInAs("root@example.org", Roles.Admin);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<UserSummary> FindAsync(string email) => (await Service.ListAsync()).Single(u => u.Email == email);

    [Fact]
    public async Task CreatesUsers_WithSeveralRoles()
    {
        var result = await Service.CreateAsync(new NewUser("both@example.org", "Both-Password-1", "Both", [Roles.Reviewer, "annotator"]));
        Assert.True(result.Succeeded, string.Join(" ", result.Errors));

        var user = await FindAsync("both@example.org");
        Assert.Equal([Roles.Reviewer, Roles.Annotator], user.Roles);
        Assert.Equal("Both", user.DisplayName);
        Assert.Equal(UserStatus.Active, user.Status);
        Assert.False(user.IsDemo);
    }

    [Fact]
    public async Task RefusesWeakPasswords_UnknownRoles_AndDuplicateEmails()
    {
        var weak = await Service.CreateAsync(new NewUser("weak@example.org", "short", null, []));
        Assert.False(weak.Succeeded);
        Assert.Contains(weak.Errors, e => e.Contains("at least 10 characters"));

        var badRole = await Service.CreateAsync(new NewUser("x@example.org", "Good-Password-1", null, ["Wizard"]));
        Assert.False(badRole.Succeeded);
        Assert.Contains("'Wizard' is not a role", badRole.Errors.Single());

        var duplicate = await Service.CreateAsync(new NewUser("root@example.org", "Good-Password-1", null, []));
        Assert.False(duplicate.Succeeded);
        Assert.Contains("already exists", duplicate.Errors.Single());
    }

    [Fact]
    public async Task GrantsAndRevokesRoles()
    {
        await Service.CreateAsync(new NewUser("ann@example.org", "Ann-Password-1", null, [Roles.Annotator]));
        var id = (await FindAsync("ann@example.org")).Id;

        Assert.True((await Service.SetRoleAsync(id, Roles.Reviewer, true)).Succeeded);
        Assert.Equal([Roles.Reviewer, Roles.Annotator], (await FindAsync("ann@example.org")).Roles);

        Assert.True((await Service.SetRoleAsync(id, Roles.Annotator, false)).Succeeded);
        Assert.Equal([Roles.Reviewer], (await FindAsync("ann@example.org")).Roles);
    }

    [Fact]
    public async Task DisablesAndReenablesUsers_AndADisabledUserCannotSignIn()
    {
        await Service.CreateAsync(new NewUser("ann@example.org", "Ann-Password-1", null, [Roles.Annotator]));
        var id = (await FindAsync("ann@example.org")).Id;

        Assert.True((await Service.SetDisabledAsync(id, true)).Succeeded);
        Assert.Equal(UserStatus.Disabled, (await FindAsync("ann@example.org")).Status);
        Assert.True(await IsLockedOutAsync("ann@example.org"));

        Assert.True((await Service.SetDisabledAsync(id, false)).Succeeded);
        Assert.Equal(UserStatus.Active, (await FindAsync("ann@example.org")).Status);
        Assert.False(await IsLockedOutAsync("ann@example.org"));
    }

    [Fact]
    public async Task ResetPassword_SetsANewGeneratedPassword_ThatWorksInsteadOfTheOld()
    {
        await Service.CreateAsync(new NewUser("ann@example.org", "Ann-Password-1", null, [Roles.Annotator]));
        var (result, password) = await Service.ResetPasswordAsync((await FindAsync("ann@example.org")).Id);
        Assert.True(result.Succeeded);
        Assert.NotNull(password);

        await using var scope = _host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByEmailAsync("ann@example.org"))!;
        Assert.True(await users.CheckPasswordAsync(user, password));
        Assert.False(await users.CheckPasswordAsync(user, "Ann-Password-1"));
    }

    [Fact]
    public async Task AdminCannotDisableThemselves_NorDropTheirOwnAdminRole()
    {
        var id = (await FindAsync("root@example.org")).Id;
        var disable = await Service.SetDisabledAsync(id, true);
        Assert.False(disable.Succeeded);
        Assert.Contains("your own account", disable.Errors.Single());

        var demote = await Service.SetRoleAsync(id, Roles.Admin, false);
        Assert.False(demote.Succeeded);
        Assert.Equal(UserStatus.Active, (await FindAsync("root@example.org")).Status);
        Assert.Contains(Roles.Admin, (await FindAsync("root@example.org")).Roles);
    }

    [Fact]
    public async Task TheLastActiveAdmin_CannotBeDisabledByAnotherAdminsRemoval()
    {
        await Service.CreateAsync(new NewUser("second@example.org", "Second-Admin-1", null, [Roles.Admin]));
        var rootId = (await FindAsync("root@example.org")).Id;
        var secondId = (await FindAsync("second@example.org")).Id;

        // The second admin disables root: allowed, one active admin (second) remains.
        _host.SignInAs("second@example.org", Roles.Admin);
        Assert.True((await Service.SetDisabledAsync(rootId, true)).Succeeded);

        // Now a third admin-capable caller may not remove the last active admin.
        _host.SignInAs("cli", Roles.Admin);
        var removal = await Service.SetRoleAsync(secondId, Roles.Admin, false);
        Assert.False(removal.Succeeded);
        Assert.Contains("last active admin", removal.Errors.Single());
    }

    [Theory]
    [InlineData(Roles.Reviewer)]
    [InlineData(Roles.Annotator)]
    public async Task RefusesCallersWhoAreNotAdmins(string role)
    {
        _host.SignInAs("someone@example.org", role);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Service.ListAsync());
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            Service.CreateAsync(new NewUser("x@example.org", "Good-Password-1", null, [Roles.Admin])));
    }

    private async Task<bool> IsLockedOutAsync(string email)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await users.IsLockedOutAsync((await users.FindByEmailAsync(email))!);
    }
}
