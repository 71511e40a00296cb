using System.Security.Claims;
using FalseReject.Web.Security;

namespace FalseReject.Web.Features.Runs;

/// <summary>The services' own check of the caller (a hidden button is not security).</summary>
public static class RunAccess
{
    public static bool Satisfies(this ClaimsPrincipal actor, string policy) =>
        actor.Identity?.IsAuthenticated == true && Policies.RolesFor[policy].Any(actor.IsInRole);

    public static void Require(ClaimsPrincipal actor, string policy, string what)
    {
        if (!actor.Satisfies(policy))
        {
            throw new UnauthorizedAccessException($"You may not {what}.");
        }
    }

    public static string? UserId(this ClaimsPrincipal actor) => actor.FindFirstValue(ClaimTypes.NameIdentifier);

    public static string DisplayName(this ClaimsPrincipal actor) => actor.Identity?.Name ?? actor.UserId() ?? "unknown";
}
