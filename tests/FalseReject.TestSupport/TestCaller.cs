using Microsoft.Extensions.DependencyInjection;
using FalseReject.Web.Security;

namespace FalseReject.TestSupport;

/// <summary>
/// The tests' one fake caller: whoever <see cref="Current"/> says, with the roles it says, without
/// asking the store (the real <see cref="CurrentCaller"/> is tested on its own). Null is nobody signed in.
/// </summary>
public sealed class TestCaller(Caller? current) : CurrentCallerBase
{
    public TestCaller(string? id, string name, params string[] roles) : this(new Caller(id, name, roles))
    {
    }

    public Caller? Current { get; set; } = current;

    /// <summary>A caller with no account id (like a principal without a NameIdentifier claim).</summary>
    public static Caller Named(string name, params string[] roles) => new(null, name, roles);

    /// <summary>A service built from <paramref name="services"/> whose caller is <paramref name="caller"/>.</summary>
    public static T ServiceAs<T>(IServiceProvider services, Caller caller) where T : notnull =>
        ActivatorUtilities.CreateInstance<T>(services, new TestCaller(caller));

    public override Task<Caller?> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(Current);
}
