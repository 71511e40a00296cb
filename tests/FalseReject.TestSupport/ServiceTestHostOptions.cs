using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using FalseReject.Web.Data;
using FalseReject.Web.Security;

namespace FalseReject.TestSupport;

/// <summary>
/// How <see cref="ServiceTestHost"/> builds the app's services. The defaults are the tests': a
/// fresh temporary SQLite file, environment Testing, the host's default logging, an admin as the
/// caller and the initializer run at start. The benchmarks set what their measurements need.
/// </summary>
public sealed record ServiceTestHostOptions
{
    /// <summary>The SQLite file; null: a fresh file in the temporary folder.</summary>
    public string? DatabasePath { get; init; }

    /// <summary>Leaves the SQLite file in place on dispose (to copy it, or for a server that opens it next).</summary>
    public bool KeepDatabase { get; init; }

    /// <summary>SQLite, or a fresh database of its own (dropped on dispose) on the server named by <see cref="TestPostgres.ServerVariable"/>.</summary>
    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;

    /// <summary>Configuration over the host's own (its connection string and no demo seed), e.g. the bootstrap admin.</summary>
    public IDictionary<string, string?>? Settings { get; init; }

    public string EnvironmentName { get; init; } = "Testing";

    /// <summary>Who the services see at start (the host's <see cref="TestCaller"/>; <c>SignInAs</c> changes it). Null is nobody signed in.</summary>
    public Caller? Caller { get; init; } = TestCaller.Named("admin-under-test", Roles.Admin);

    /// <summary>The services' clock; null: the app's own (<see cref="TimeProvider.System"/>).</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>Changes the host's logging (null keeps the builder's default providers), e.g. <c>ClearProviders</c> for a benchmark.</summary>
    public Action<ILoggingBuilder>? Logging { get; init; }

    /// <summary>More services, registered after the store and before Identity and the features (whose TryAdd registrations yield to them).</summary>
    public Action<IServiceCollection>? Services { get; init; }

    /// <summary>Where the initializer prints a generated bootstrap password; null: the host's <see cref="ServiceTestHost.Console"/>.</summary>
    public TextWriter? Console { get; init; }

    /// <summary>Runs the initializer (migrations, roles, the bootstrap admin) at start; false leaves it to <see cref="ServiceTestHost.InitializeAsync"/>.</summary>
    public bool Initialize { get; init; } = true;
}
