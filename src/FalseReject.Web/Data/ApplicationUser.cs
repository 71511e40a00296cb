using Microsoft.AspNetCore.Identity;

namespace FalseReject.Web.Data;

/// <summary>An account. Roles come from Identity's role store.</summary>
public class ApplicationUser : IdentityUser
{
    /// <summary>Name shown to others (reviewers may hide it). Falls back to the e-mail address.</summary>
    public string? DisplayName { get; set; }

    /// <summary>Created by demo mode with published credentials; never use for real work.</summary>
    public bool IsDemo { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>
    /// When the account was deleted. A deleted account is a tombstone: the row stays so that the
    /// votes, history and settlements it authored keep their author, but its personal data
    /// (e-mail, name, password, phone, logins, tokens) is gone, it has no roles and is disabled.
    /// </summary>
    public DateTimeOffset? DeletedAt { get; set; }
}
