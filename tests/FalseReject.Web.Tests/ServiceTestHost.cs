using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using FalseReject.Web;
using FalseReject.Web.Data;
using FalseReject.Web.Security;

namespace FalseReject.Web.Tests;

/// <summary>
/// The app's services (store, Identity, feature services) without a web server, on a fresh
/// SQLite file, initialized by the app's own DatabaseInitializer. The caller the services see is
/// chosen with <see cref="SignInAs(string, string[])"/> (a <see cref="TestCaller"/>).
/// </summary>
public sealed class ServiceTestHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly TestCaller _caller;

    private ServiceTestHost(IHost host, TestCaller caller, string databasePath)
    {
        _host = host;
        _caller = caller;
        DatabasePath = databasePath;
    }

    public string DatabasePath { get; }

    public IServiceProvider Services => _host.Services;

    public StringWriter Console { get; } = new();

    public static async Task<ServiceTestHost> StartAsync(IDictionary<string, string?>? settings = null)
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

        var testHost = new ServiceTestHost(builder.Build(), caller, path);
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
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(DatabasePath + suffix);
        }
    }
}
