using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;
using FalseReject.Web.Security;

namespace FalseReject.Web.Tests;

/// <summary>
/// bUnit context with MudBlazor's services, loose JS interop, and the app's real authorization
/// policies evaluated against a principal the test chooses.
/// </summary>
public abstract class MudBunitContext : BunitContext, IDisposable
{
    private readonly TestAuthenticationStateProvider _auth = new();

    protected MudBunitContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        // The real policy evaluation, not bUnit's placeholder: the tests check the role mapping.
        Services.AddAuthorizationCore(Policies.Configure);
        Services.Replace(ServiceDescriptor.Transient<IAuthorizationService, DefaultAuthorizationService>());
        Services.Replace(ServiceDescriptor.Singleton<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>());
        Services.AddCascadingAuthenticationState();
        Services.AddSingleton<AuthenticationStateProvider>(_auth);
    }

    /// <summary>Signs in a user holding <paramref name="roles"/> (none: anonymous when <paramref name="name"/> is null).</summary>
    protected void SignIn(string? name, params string[] roles) => SignIn(name, roles, []);

    protected void SignIn(string? name, string[] roles, Claim[] extraClaims) => _auth.Principal = name is null
        ? new ClaimsPrincipal(new ClaimsIdentity())
        : new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), .. roles.Select(r => new Claim(ClaimTypes.Role, r)), .. extraClaims], "Test"));

    /// <summary>
    /// xUnit v2 disposes test classes synchronously, but MudBlazor's services are only
    /// asynchronously disposable: route the synchronous call to the asynchronous disposal.
    /// </summary>
    void IDisposable.Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private sealed class TestAuthenticationStateProvider : AuthenticationStateProvider
    {
        public ClaimsPrincipal Principal { get; set; } = new(new ClaimsIdentity());

        public override Task<AuthenticationState> GetAuthenticationStateAsync() =>
            Task.FromResult(new AuthenticationState(Principal));
    }
}
