using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using FalseReject.Web.Security;

namespace FalseReject.Web.Cli;

/// <summary>
/// The CLI's caller: whoever can run the executable against the store's files is its operator,
/// so feature services, which re-check their caller, see an administrator named "cli".
/// </summary>
public sealed class LocalOperatorAuthenticationStateProvider : AuthenticationStateProvider
{
    private static readonly Task<AuthenticationState> State = Task.FromResult(new AuthenticationState(
        new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "cli"), new Claim(ClaimTypes.Role, Roles.Admin)],
            authenticationType: "LocalOperator"))));

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => State;
}
