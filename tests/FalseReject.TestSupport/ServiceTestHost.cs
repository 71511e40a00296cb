using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using FalseReject.Web;
using FalseReject.Web.Data;
using FalseReject.Web.Security;

namespace FalseReject.TestSupport;

/// <summary>
/// The app's services (store, Identity, feature services) without a web server, on a fresh
/// SQLite file (or, with <see cref="StartOnPostgresAsync"/>, a fresh database on the real
/// PostgreSQL server named by <see cref="TestPostgres.ServerVariable"/>), initialized by the app's own
/// DatabaseInitializer. The caller the services see is chosen with
/// <see cref="SignInAs(string, string[])"/> (a <see cref="TestCaller"/>). The tests' and the
/// benchmarks' one headless host: what differs between them is in <see cref="ServiceTestHostOptions"/>.
/// </summary>
public sealed class ServiceTestHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly TestCaller _caller;
    private readonly ServiceTestHostOptions _options;

    private ServiceTestHost(IHost host, TestCaller caller, ServiceTestHostOptions options, string databasePath, string? postgresDatabase)
    {
        _host = host;
        _caller = caller;
        _options = options;
        DatabasePath = databasePath;
        PostgresDatabase = postgresDatabase;
    }

    public string DatabasePath { get; }

    /// <summary>The PostgreSQL database of this host (dropped on dispose), or null on SQLite.</summary>
    public string? PostgresDatabase { get; }

    public bool OnPostgres => PostgresDatabase is not null;

    /// <summary>The services on a database of their own on the real PostgreSQL server.</summary>
    public static Task<ServiceTestHost> StartOnPostgresAsync(IDictionary<string, string?>? settings = null) =>
        StartAsync(new ServiceTestHostOptions { Provider = DatabaseProvider.Postgres, Settings = settings });

    public IServiceProvider Services => _host.Services;

    public StringWriter Console { get; } = new();

    public static Task<ServiceTestHost> StartAsync(IDictionary<string, string?>? settings = null) =>
        StartAsync(new ServiceTestHostOptions { Settings = settings });

    public static async Task<ServiceTestHost> StartAsync(ServiceTestHostOptions options)
    {
        string? postgresDatabase = null;
        var settings = new Dictionary<string, string?>(options.Settings ?? new Dictionary<string, string?>());
        if (options.Provider == DatabaseProvider.Postgres)
        {
            (postgresDatabase, var connectionString) = TestPostgres.CreateDatabase("falsereject_st_");
            settings["Database:Provider"] = "Postgres";
            settings["ConnectionStrings:Default"] = connectionString;
        }
        var path = options.DatabasePath ?? Path.Combine(Path.GetTempPath(), $"falsereject-test-{Guid.NewGuid():N}.db");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = ContentRoot.FindFrom(AppContext.BaseDirectory) ?? AppContext.BaseDirectory,
            EnvironmentName = options.EnvironmentName,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = $"Data Source={path}",
            ["Seed:Demo"] = "false",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        options.Logging?.Invoke(builder.Logging);
        builder.AddFalseRejectData();
        if (options.Clock is not null)
        {
            builder.Services.AddSingleton(options.Clock);
        }
        options.Services?.Invoke(builder.Services);
        builder.Services.AddFalseRejectIdentityCore();
        var caller = new TestCaller(options.Caller);
        builder.Services.AddSingleton<ICurrentCaller>(caller);
        builder.Services.AddFalseRejectFeatures();

        var testHost = new ServiceTestHost(builder.Build(), caller, options, path, postgresDatabase);
        if (options.Initialize)
        {
            try
            {
                await testHost.InitializeAsync();
            }
            catch
            {
                await testHost.DisposeAsync();
                throw;
            }
        }
        return testHost;
    }

    /// <summary>Runs the app's initializer (again: it must be idempotent).</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = Services.CreateAsyncScope();
        var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
        initializer.Console = _options.Console ?? Console;
        await initializer.InitializeAsync(cancellationToken);
    }

    public void SignInAs(string name, params string[] roles) => _caller.Current = TestCaller.Named(name, roles);

    public void SignInAs(Caller caller) => _caller.Current = caller;

    public void SignOut() => _caller.Current = null;

    /// <summary>Makes one call as <paramref name="caller"/>, then restores the previous caller.</summary>
    public async Task<T> AsAsync<T>(Caller caller, Func<Task<T>> call)
    {
        var previous = _caller.Current;
        _caller.Current = caller;
        try
        {
            return await call();
        }
        finally
        {
            _caller.Current = previous;
        }
    }

    /// <inheritdoc cref="AsAsync{T}(Caller, Func{Task{T}})"/>
    public Task AsAsync(Caller caller, Func<Task> call) => AsAsync(caller, async () =>
    {
        await call();
        return true;
    });

    public T GetRequiredService<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task<AppDbContext> CreateDbContextAsync() =>
        await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

    public async ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
        SqliteConnection.ClearAllPools();
        if (PostgresDatabase is not null)
        {
            TestPostgres.DropDatabase(PostgresDatabase);
        }
        if (!_options.KeepDatabase)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(DatabasePath + suffix);
            }
        }
    }
}
