using System.Security.Claims;

namespace FalseReject.Web.Api;

/// <summary>The caller as the API sees it.</summary>
public sealed record ApiCaller(string? Email, IReadOnlyList<string> Roles);

public static class AccountEndpoints
{
    /// <summary><c>GET /api/me</c>: whose token this is and its roles; a quick check that a token works.</summary>
    public static RouteGroupBuilder MapAccountEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/me", (ClaimsPrincipal user) => TypedResults.Ok(new ApiCaller(
                user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name,
                [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value)])))
            .WithName("GetCaller")
            .WithSummary("The account the token belongs to, with its roles.")
            .WithTags("Account");
        return api;
    }
}
