namespace FalseReject.Web.Data.Entities;

/// <summary>
/// A personal API token. The secret is never stored: only its SHA-256 hash, looked up by the
/// token's public id (the part of <c>frk_&lt;id&gt;_&lt;secret&gt;</c> that may be shown again).
/// </summary>
public class ApiToken
{
    public int Id { get; set; }

    public required string UserId { get; set; }

    public ApplicationUser? User { get; set; }

    /// <summary>What the owner calls it ("laptop", "generation pipeline").</summary>
    public required string Name { get; set; }

    /// <summary>The token's public id: random, unique, used to find the row; not a secret.</summary>
    public required string PublicId { get; set; }

    /// <summary>SHA-256 of the token's secret part.</summary>
    public required byte[] SecretHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
