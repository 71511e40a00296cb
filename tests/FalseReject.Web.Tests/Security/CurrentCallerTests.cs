using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using FalseReject.Web.Data;
using FalseReject.Web.Features.Admin;
using FalseReject.Web.Features.Datasets;
using FalseReject.Web.Security;

namespace FalseReject.Web.Tests.Security;

/// <summary>
/// The web app's <see cref="CurrentCaller"/> as an open circuit sees it: the principal the circuit
/// was given at sign-in (with the roles it had then), checked against the store on every call.
/// </summary>
public sealed class CurrentCallerTests : IAsyncLifetime
{
    private const string Email = "reviewer@example.org";
    private ServiceTestHost _host = null!;
    private string _userId = null!;

    public async Task InitializeAsync()
    {
        _host = await ServiceTestHost.StartAsync();
        var created = await _host.GetRequiredService<UserAdminService>().CreateAsync(new NewUser(Email, "Reviewer-Pass-123", null, [Roles.Reviewer]));
        Assert.True(created.Succeeded, string.Join(" ", created.Errors));
        await using var db = await _host.CreateDbContextAsync();
        _userId = await db.Users.Where(u => u.Email == Email).Select(u => u.Id).SingleAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ACircuitsCaller_IsRefusedAtTheNextCall_WhenAnAdminDisablesTheAccount()
    {
        var (principal, datasets) = await SignedInCircuitAsync();
        Assert.Empty(await datasets.ListAsync());

        Assert.True((await _host.GetRequiredService<UserAdminService>().SetDisabledAsync(_userId, disabled: true)).Succeeded);

        var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => datasets.ListAsync());
        Assert.Contains("disabled", refused.Message);
        Assert.True(principal.IsInRole(Roles.Reviewer)); // the circuit's principal still says Reviewer

        Assert.True((await _host.GetRequiredService<UserAdminService>().SetDisabledAsync(_userId, disabled: false)).Succeeded);
        Assert.Empty(await datasets.ListAsync());
    }

    [Fact]
    public async Task ACircuitsCaller_IsRefusedAtTheNextCall_WhenAnAdminRemovesTheRole()
    {
        var (principal, datasets) = await SignedInCircuitAsync();
        Assert.Empty(await datasets.ListAsync());

        Assert.True((await _host.GetRequiredService<UserAdminService>().SetRoleAsync(_userId, Roles.Reviewer, granted: false)).Succeeded);

        var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => datasets.ListAsync());
        Assert.Contains("needs the Research permission", refused.Message);
        Assert.True(principal.IsInRole(Roles.Reviewer));
    }

    [Fact]
    public async Task ARoleGrantedMeanwhile_CountsAtTheNextCall()
    {
        var caller = await CircuitCallerAsync();
        Assert.False(await caller.SatisfiesAsync(Policies.Annotate));

        Assert.True((await _host.GetRequiredService<UserAdminService>().SetRoleAsync(_userId, Roles.Annotator, granted: true)).Succeeded);

        Assert.True(await caller.SatisfiesAsync(Policies.Annotate));
        var me = await caller.RequireAsync(Policies.Annotate);
        Assert.Equal((_userId, Email), (me.Id, me.Name));
    }

    [Fact]
    public async Task ADisableByAnotherInstance_OnTheSameStore_IsSeenAtOnce()
    {
        var (_, datasets) = await SignedInCircuitAsync();
        Assert.Empty(await datasets.ListAsync());

        await using (var other = await ServiceTestHost.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:Default"] = $"Data Source={_host.DatabasePath}" }))
        {
            Assert.True((await other.GetRequiredService<UserAdminService>().SetDisabledAsync(_userId, disabled: true)).Succeeded);
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => datasets.ListAsync());
        }
    }

    [Fact]
    public async Task NobodySignedIn_AndADeletedAccount_AreRefused()
    {
        var anonymous = Circuit(new ClaimsPrincipal(new ClaimsIdentity()));
        Assert.Null(await anonymous.GetAsync());
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => anonymous.RequireAsync(Policies.Research));

        var caller = await CircuitCallerAsync();
        Assert.NotNull(await caller.GetAsync());
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.True((await users.DeleteAsync((await users.FindByIdAsync(_userId))!)).Succeeded);
        }
        Assert.Null(await caller.GetAsync());
    }

    /// <summary>The principal the app builds at sign-in, and the datasets service as that circuit sees it.</summary>
    private async Task<(ClaimsPrincipal Principal, DatasetService Datasets)> SignedInCircuitAsync()
    {
        var principal = await SignInPrincipalAsync();
        return (principal, ActivatorUtilities.CreateInstance<DatasetService>(_host.Services, Circuit(principal)));
    }

    private async Task<CurrentCaller> CircuitCallerAsync() => Circuit(await SignInPrincipalAsync());

    private async Task<ClaimsPrincipal> SignInPrincipalAsync()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>();
        return await factory.CreateAsync((await users.FindByIdAsync(_userId))!);
    }

    private CurrentCaller Circuit(ClaimsPrincipal principal)
    {
        var circuit = new ServiceCollection().AddSingleton<AuthenticationStateProvider>(new FixedState(principal)).BuildServiceProvider();
        return new CurrentCaller(circuit, _host.GetRequiredService<IDbContextFactory<AppDbContext>>());
    }

    private sealed class FixedState(ClaimsPrincipal principal) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(principal));
    }
}
