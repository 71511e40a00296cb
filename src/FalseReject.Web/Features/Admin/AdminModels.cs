namespace FalseReject.Web.Features.Admin;

public enum UserStatus
{
    Active,
    LockedOut,
    Disabled,

    /// <summary>Deleted by its owner or an Admin: an anonymised tombstone that keeps its votes' authorship.</summary>
    Deleted,
}

public sealed record UserSummary(
    string Id,
    string Email,
    string? DisplayName,
    IReadOnlyList<string> Roles,
    UserStatus Status,
    DateTimeOffset? LockedUntil,
    bool IsDemo,
    DateTimeOffset CreatedAt);

public sealed record NewUser(string Email, string Password, string? DisplayName, IReadOnlyList<string> Roles);

/// <summary>The outcome of a change: success, or the reasons it was refused.</summary>
public sealed record AdminResult(bool Succeeded, IReadOnlyList<string> Errors)
{
    public static AdminResult Ok { get; } = new(true, []);

    public static AdminResult Fail(params string[] errors) => new(false, errors);
}
