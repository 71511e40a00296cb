using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Configurations;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Security.ApiTokens;

/// <summary>
/// Creates, lists, revokes and validates personal API tokens. Users manage their own tokens; an
/// Admin (the CLI's local operator among them) may manage anyone's. Only hashes are stored.
/// </summary>
public sealed class ApiTokenService(
    IDbContextFactory<AppDbContext> dbFactory,
    ICurrentCaller caller,
    TimeProvider time)
{
    /// <summary>Last-used is written at most this often per token, so busy clients do not write on every call.</summary>
    internal static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private static readonly byte[] DummyHash = new byte[ApiTokenConfiguration.SecretHashLength];

    /// <summary>The longest a token may live (ten years), for every door that sets an expiry.</summary>
    public const int MaxExpiresInDays = 3650;

    /// <summary>The rule, as the doors state it.</summary>
    public static string ExpiryRule => $"a token expires in 1 to {MaxExpiresInDays} days, or never";

    /// <summary>Creates a token for <paramref name="userId"/>; the plaintext in the result is the only copy.</summary>
    public async Task<CreatedApiToken> CreateAsync(string userId, string name, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        await RequireSelfOrAdminAsync(userId, cancellationToken);
        name = name.Trim();
        if (name.Length is 0 or > ApiTokenConfiguration.NameMaxLength)
        {
            throw new ArgumentException($"A token needs a name of 1 to {ApiTokenConfiguration.NameMaxLength} characters.", nameof(name));
        }
        var now = time.GetUtcNow();
        if (expiresAt is { } expiry && expiry <= now)
        {
            throw new ArgumentException("A token's expiry must be in the future.", nameof(expiresAt));
        }
        if (expiresAt > now.AddDays(MaxExpiresInDays))
        {
            throw new ArgumentException($"The expiry is too far away: {ExpiryRule}.", nameof(expiresAt));
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            throw new ArgumentException("There is no such user.", nameof(userId));
        }
        var (publicId, secret, plaintext) = ApiTokenFormat.Generate();
        var token = new ApiToken
        {
            UserId = userId,
            Name = name,
            PublicId = publicId,
            SecretHash = ApiTokenFormat.Hash(secret),
            CreatedAt = now,
            ExpiresAt = expiresAt,
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiToken(ToSummary(token), plaintext);
    }

    /// <summary><paramref name="userId"/>'s tokens, newest first, revoked ones included.</summary>
    public async Task<IReadOnlyList<ApiTokenSummary>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await RequireSelfOrAdminAsync(userId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).ToListAsync(cancellationToken);
        return [.. tokens.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).Select(ToSummary)];
    }

    /// <summary>
    /// Revokes a token: its owner or an Admin may. False when there is no such token or it was
    /// already revoked.
    /// </summary>
    public async Task<bool> RevokeAsync(int tokenId, CancellationToken cancellationToken = default)
    {
        var me = await CallerAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == tokenId, cancellationToken);
        if (token is null)
        {
            return false;
        }
        RequireSelfOrAdmin(me, token.UserId);
        if (token.RevokedAt is not null)
        {
            return false;
        }
        token.RevokedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Checks a presented token: known, secret matching (compared in constant time), not revoked,
    /// not expired, its owner not disabled (a login lockout, which is per client address, does not
    /// stop the owner's tokens). Records the use (at most once a minute).
    /// Needs no caller: this is how a caller is established.
    /// </summary>
    public async Task<ApiTokenValidation> ValidateAsync(string? presented, CancellationToken cancellationToken = default)
    {
        if (!ApiTokenFormat.TryParse(presented, out var publicId, out var secret))
        {
            return new ApiTokenValidation(ApiTokenFailure.Malformed);
        }
        var hash = ApiTokenFormat.Hash(secret);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var token = await db.ApiTokens.AsNoTracking().SingleOrDefaultAsync(t => t.PublicId == publicId, cancellationToken);
        var matches = CryptographicOperations.FixedTimeEquals(hash, token?.SecretHash ?? DummyHash);
        if (token is null || !matches)
        {
            return new ApiTokenValidation(ApiTokenFailure.Unknown);
        }

        var now = time.GetUtcNow();
        if (token.RevokedAt is not null)
        {
            return new ApiTokenValidation(ApiTokenFailure.Revoked, TokenId: token.Id);
        }
        if (token.ExpiresAt is { } expiry && expiry <= now)
        {
            return new ApiTokenValidation(ApiTokenFailure.Expired, TokenId: token.Id);
        }
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == token.UserId, cancellationToken);
        if (user is null || AccountStatus.IsDisabled(user.LockoutEnd))
        {
            return new ApiTokenValidation(ApiTokenFailure.UserUnavailable, TokenId: token.Id);
        }

        if (token.LastUsedAt is null || now - token.LastUsedAt.Value >= LastUsedResolution)
        {
            await db.ApiTokens.Where(t => t.Id == token.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), cancellationToken);
        }
        return new ApiTokenValidation(ApiTokenFailure.None, user, token.Id);
    }

    private static ApiTokenSummary ToSummary(ApiToken t) =>
        new(t.Id, t.Name, t.PublicId, t.CreatedAt, t.LastUsedAt, t.ExpiresAt, t.RevokedAt);

    private async Task<Caller> CallerAsync(CancellationToken cancellationToken) =>
        await caller.GetAsync(cancellationToken) ?? throw new UnauthorizedAccessException("Sign in to manage API tokens.");

    private async Task RequireSelfOrAdminAsync(string userId, CancellationToken cancellationToken) =>
        RequireSelfOrAdmin(await CallerAsync(cancellationToken), userId);

    private static void RequireSelfOrAdmin(Caller me, string userId)
    {
        if (me.Id != userId && !me.Satisfies(Policies.Administer))
        {
            throw new UnauthorizedAccessException("Only the token's owner or an Admin may manage it.");
        }
    }
}
