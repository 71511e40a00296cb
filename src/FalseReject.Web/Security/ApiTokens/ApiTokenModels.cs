namespace FalseReject.Web.Security.ApiTokens;

/// <summary>A token as its owner sees it: never the secret.</summary>
public sealed record ApiTokenSummary(
    int Id,
    string Name,
    string PublicId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt)
{
    /// <summary>What a user recognises the token by: the start of the string they hold.</summary>
    public string Prefix => $"{ApiTokenFormat.Marker}{PublicId}";

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>A new token: <see cref="Plaintext"/> is shown once and never stored.</summary>
public sealed record CreatedApiToken(ApiTokenSummary Token, string Plaintext);

public enum ApiTokenFailure
{
    None,
    Malformed,
    Unknown,
    Revoked,
    Expired,
    UserUnavailable,
}

/// <summary>The outcome of checking a presented token: the owner when it is good, the reason when not.</summary>
public sealed record ApiTokenValidation(ApiTokenFailure Failure, Data.ApplicationUser? User = null, int? TokenId = null)
{
    public bool Succeeded => Failure == ApiTokenFailure.None && User is not null;

    /// <summary>A message safe to return to the caller (it says no more than why the token is refused).</summary>
    public string Message => Failure switch
    {
        ApiTokenFailure.None => "The token is valid.",
        ApiTokenFailure.Malformed => "The bearer token is not a FalseReject API token (frk_...).",
        ApiTokenFailure.Unknown => "The API token is not valid.",
        ApiTokenFailure.Revoked => "The API token has been revoked.",
        ApiTokenFailure.Expired => "The API token has expired.",
        ApiTokenFailure.UserUnavailable => "The API token's account is disabled.",
        _ => "The API token is not valid.",
    };
}
