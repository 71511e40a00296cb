namespace FalseReject.Web.Security;

/// <summary>The application's roles. A user may hold several.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Reviewer = "Reviewer";
    public const string Annotator = "Annotator";

    public static readonly IReadOnlyList<string> All = [Admin, Reviewer, Annotator];

    /// <summary>Returns the canonical spelling of <paramref name="role"/>, or null when it is not a role.</summary>
    public static string? Normalize(string role) =>
        All.FirstOrDefault(r => string.Equals(r, role.Trim(), StringComparison.OrdinalIgnoreCase));
}
