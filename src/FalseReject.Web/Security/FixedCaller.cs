namespace FalseReject.Web.Security;

/// <summary>
/// A caller that is not a signed-in person: the CLI's local operator (whoever can run the
/// executable against the store's files) and the app's own demo seeding. Both act as an
/// administrator with no account in the store.
/// </summary>
public sealed class FixedCaller(Caller caller) : CurrentCallerBase
{
    /// <summary>The CLI's caller: an administrator named "cli".</summary>
    public static FixedCaller LocalOperator { get; } = new(new Caller(null, "cli", [Roles.Admin]));

    /// <summary>The demo seeders' caller, with the rights of the local operator.</summary>
    public static FixedCaller DemoSeed { get; } = new(new Caller(null, "demo-seed", [Roles.Admin]));

    public override Task<Caller?> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult<Caller?>(caller);
}
