using FalseReject.Web.Security;

namespace FalseReject.Web.Api;

/// <summary>The caller as the API sees it.</summary>
public sealed record ApiCaller(string? Email, IReadOnlyList<string> Roles);

public static class AccountEndpoints
{
    /// <summary><c>GET /api/me</c>: whose token this is and its roles; a quick check that a token works.</summary>
    public static RouteGroupBuilder MapAccountEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/me", async (ICurrentCaller caller, CancellationToken ct) =>
                await caller.GetAsync(ct) is { } me
                    ? Results.Ok(new ApiCaller(me.Name, [.. Roles.All.Where(me.Roles.Contains)]))
                    : Results.Forbid())
            .Produces<ApiCaller>()
            .WithName("GetCaller")
            .WithSummary("The account the token belongs to, with its roles.")
            .WithTags("Account");
        return api;
    }
}
