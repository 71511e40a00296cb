using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data;

namespace FalseReject.Web.Security;

/// <summary>
/// Who is calling a circuit-scoped feature service: checks that the caller holds a role the policy
/// admits, and resolves their user id (the NameIdentifier claim, else a lookup by user name),
/// remembered for as long as the circuit's user stays the same.
/// </summary>
internal sealed class CallerCache
{
    private (string Name, string Id)? _caller;

    /// <summary>Returns the caller's user id; throws <see cref="UnauthorizedAccessException"/> with <paramref name="refusal"/> otherwise.</summary>
    public async Task<string> RequireAsync(AuthenticationStateProvider authenticationState, IDbContextFactory<AppDbContext> dbFactory,
        string policy, string refusal, CancellationToken cancellationToken)
    {
        var user = (await authenticationState.GetAuthenticationStateAsync()).User;
        if (user.Identity?.IsAuthenticated != true || !Policies.RolesFor[policy].Any(user.IsInRole))
        {
            throw new UnauthorizedAccessException(refusal);
        }
        var userName = user.Identity.Name ?? "";
        if (_caller is { } cached && cached.Name == userName)
        {
            return cached.Id;
        }
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null)
        {
            var name = userName.ToUpperInvariant();
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            id = await db.Users.Where(u => u.NormalizedUserName == name).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
        }
        if (id is null)
        {
            throw new UnauthorizedAccessException("Your account no longer exists.");
        }
        _caller = (userName, id);
        return id;
    }
}
