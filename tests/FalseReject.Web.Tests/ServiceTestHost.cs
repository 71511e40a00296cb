using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using FalseReject.Web;
using FalseReject.Web.Data;
using FalseReject.Web.Security;

namespace FalseReject.Web.Tests;

/// <summary>
/// The app's services (store, Identity, feature services) without a web server, on a fresh
/// SQLite file (or, with <see cref="StartOnPostgresAsync"/>, a fresh database on the real
/// PostgreSQL server named by <see cref="PostgresServerVariable"/>), initialized by the app's own
/// DatabaseInitializer. The caller the services see is chosen with
/// <see cref="SignInAs(string, string[])"/> (a <see cref="TestCaller"/>).
/// </summary>
public sealed class ServiceTestHost : IAsyncDisposable
{
    /// <summary>An Npgsql connection string with the right to create databases (tests/run.sh starts a server and sets it).</summary>
    public const string PostgresServerVariable = "FALSEREJECT_TEST_POSTGRES";

    private readonly IHost _host;
    private readonly TestCaller _caller;

    private ServiceTestHost(IHost host, TestCaller caller, string databasePath, string? postgresDatabase)
    {
        _host = host;
        _caller = caller;
        DatabasePath = databasePath;
        PostgresDatabase = postgresDatabase;
    }

    public string DatabasePath { get; }

    /// <summary>The PostgreSQL database of this host (dropped on dispose), or null on SQLite.</summary>
    public string? PostgresDatabase { get; }

    public bool OnPostgres => PostgresDatabase is not null;

    /// <summary>The services on a database of their own on the real PostgreSQL server.</summary>
    public static async Task<ServiceTestHost> StartOnPostgresAsync(IDictionary<string, string?>? settings = null)
    {
        var server = PostgresServer();
        var database = $"falsereject_st_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Default"] = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString,
        };
        return await StartAsync(all, database);
    }

    public static string PostgresServer() =>
        Environment.GetEnvironmentVariable(PostgresServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{PostgresServerVariable} is not set: the PostgreSQL tests need a server. Run the README's test command (bash tests/run.sh), which installs and starts one.");

    public IServiceProvider Services => _host.Services;

    public StringWriter Console { get; } = new();

    public static Task<ServiceTestHost> StartAsync(IDictionary<string, string?>? settings = null) => StartAsync(settings, null);

    private static async Task<ServiceTestHost> StartAsync(IDictionary<string, string?>? settings, string? postgresDatabase)
    {
        var path = Path.Combine(Path.GetTempPath(), $"falsereject-test-{Guid.NewGuid():N}.db");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = ContentRoot.FindFrom(AppContext.BaseDirectory) ?? AppContext.BaseDirectory,
            EnvironmentName = "Testing",
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = $"Data Source={path}",
            ["Seed:Demo"] = "false",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.AddFalseRejectData();
        builder.Services.AddFalseRejectIdentityCore();
        var caller = new TestCaller(TestCaller.Named("admin-under-test", Roles.Admin));
        builder.Services.AddSingleton<ICurrentCaller>(caller);
        builder.Services.AddFalseRejectFeatures();

        var testHost = new ServiceTestHost(builder.Build(), caller, path, postgresDatabase);
        await testHost.InitializeAsync();
        return testHost;
    }

    /// <summary>Runs the app's initializer again (it must be idempotent).</summary>
    public async Task InitializeAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
        initializer.Console = Console;
        await initializer.InitializeAsync();
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
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(PostgresServer());
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{PostgresDatabase}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(DatabasePath + suffix);
        }
    }
}
