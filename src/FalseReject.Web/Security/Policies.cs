using Microsoft.AspNetCore.Authorization;

namespace FalseReject.Web.Security;

/// <summary>
/// Authorization policies, one per area of the app. Pages declare them in their folder's
/// <c>_Imports.razor</c>; services check them again, because a hidden button is not security.
/// </summary>
public static class Policies
{
    /// <summary>Label queries and review structured responses (the Annotate area).</summary>
    public const string Annotate = "Annotate";

    /// <summary>Adjudicate disagreements (the Review area).</summary>
    public const string Review = "Review";

    /// <summary>Browse datasets, agreement, runs and leaderboards: the researcher's areas.</summary>
    public const string Research = "Research";

    /// <summary>Manage users and settings (the Admin area).</summary>
    public const string Administer = "Administer";

    /// <summary>Which roles each policy admits. The single source for the policies and for tests.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> RolesFor = new Dictionary<string, string[]>
    {
        [Annotate] = [Roles.Annotator],
        [Review] = [Roles.Reviewer, Roles.Admin],
        [Research] = [Roles.Reviewer, Roles.Admin],
        [Administer] = [Roles.Admin],
    };

    public static void Configure(AuthorizationOptions options)
    {
        foreach (var (policy, roles) in RolesFor)
        {
            options.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
        }
    }
}
