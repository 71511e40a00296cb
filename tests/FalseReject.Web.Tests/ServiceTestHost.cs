using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
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
/// chosen with <see cref="SignInAs"/>.
/// </summary>
public sealed class ServiceTestHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly SwitchableAuthenticationStateProvider _auth;

    private ServiceTestHost(IHost host, SwitchableAuthenticationStateProvider auth, string databasePath)
    {
        _host = host;
        _auth = auth;
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
        var auth = new SwitchableAuthenticationStateProvider();
        builder.Services.AddSingleton<AuthenticationStateProvider>(auth);
        builder.Services.AddFalseRejectFeatures();

        var testHost = new ServiceTestHost(builder.Build(), auth, path);
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

    public void SignInAs(string name, params string[] roles) =>
        _auth.Principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), .. roles.Select(r => new Claim(ClaimTypes.Role, r))], "Test"));

    public void SignInAs(ClaimsPrincipal principal) => _auth.Principal = principal;

    public void SignOut() => _auth.Principal = new ClaimsPrincipal(new ClaimsIdentity());

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

    private sealed class SwitchableAuthenticationStateProvider : AuthenticationStateProvider
    {
        public ClaimsPrincipal Principal { get; set; } = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin-under-test"), new Claim(ClaimTypes.Role, Roles.Admin)], "Test"));

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(Principal));
    }
}
