namespace FalseReject.Web.Security;

/// <summary>How an admin's "disabled" is stored: a lockout that ends in the year 9999.</summary>
public static class AccountStatus
{
    /// <summary>A lockout end this far away means "disabled by an admin", not "too many failed logins".</summary>
    public static readonly DateTimeOffset DisabledUntil = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    public static bool IsDisabled(DateTimeOffset? lockoutEnd) => lockoutEnd >= DisabledUntil;
}
