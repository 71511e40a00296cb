namespace FalseReject.Web.Security;

/// <summary>
/// Who is calling a service: the one way services learn it (pages through the circuit, the API
/// through the bearer token, the CLI as its local operator). Each call reads the caller's
/// current state, so a disabled account or a removed role is refused at the next call.
/// </summary>
public interface ICurrentCaller
{
    /// <summary>The caller as the store knows them now; null when nobody is signed in, or the account is gone or disabled.</summary>
    Task<Caller?> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>The caller, when they satisfy <paramref name="policy"/> now; throws <see cref="UnauthorizedAccessException"/> with a clear message otherwise.</summary>
    Task<Caller> RequireAsync(string policy, CancellationToken cancellationToken = default);

    /// <summary>Whether the caller satisfies <paramref name="policy"/> now.</summary>
    Task<bool> SatisfiesAsync(string policy, CancellationToken cancellationToken = default);
}

/// <summary>A caller: the account id (null for the CLI's local operator, who has no account), a display name, the current roles.</summary>
public sealed record Caller(string? Id, string Name, IReadOnlyCollection<string> Roles)
{
    public bool Satisfies(string policy) => Policies.RolesFor[policy].Any(Roles.Contains);

    /// <summary>The account id, for operations that record who did them; the local operator has none.</summary>
    public string AccountId => Id ?? throw new UnauthorizedAccessException($"{Name} has no account in this store: sign in as a user to do this.");

    /// <summary>Throws unless the caller satisfies <paramref name="policy"/>.</summary>
    public Caller Require(string policy) => Satisfies(policy) ? this : throw new UnauthorizedAccessException(
        $"{Name} may not do this: it needs the {policy} permission ({string.Join(" or ", Policies.RolesFor[policy])} role), "
        + $"and the account has {(Roles.Count == 0 ? "no role" : "the role " + string.Join(", ", Roles))}.");
}

/// <summary>The shared part of every <see cref="ICurrentCaller"/>: the policy checks over <see cref="GetAsync"/>.</summary>
public abstract class CurrentCallerBase : ICurrentCaller
{
    public abstract Task<Caller?> GetAsync(CancellationToken cancellationToken = default);

    public async Task<Caller> RequireAsync(string policy, CancellationToken cancellationToken = default) =>
        (await GetAsync(cancellationToken) ?? throw new UnauthorizedAccessException(
            "You are not signed in (or your account was disabled or removed): sign in to do this.")).Require(policy);

    public async Task<bool> SatisfiesAsync(string policy, CancellationToken cancellationToken = default) =>
        (await GetAsync(cancellationToken))?.Satisfies(policy) == true;
}
