using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FalseReject.Web.Data;

public static class DataServiceExtensions
{
    public const string ConnectionStringName = "Default";

    /// <summary>
    /// Registers the <see cref="AppDbContext"/> factory for the configured provider, and the initializer.
    /// Components and services open one context per operation from the factory.
    /// </summary>
    public static IHostApplicationBuilder AddFalseRejectData(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"No connection string: set ConnectionStrings:{ConnectionStringName} in appsettings.json or the environment (ConnectionStrings__{ConnectionStringName}).");
        }

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = ResolveSqlitePath(connectionString, builder.Environment.ContentRootPath);
                builder.Services.AddDbContextFactory<AppDbContext>(o => o.UseSqlite(sqlite));
                break;
            case DatabaseProvider.Postgres:
                builder.Services.AddDbContextFactory<PostgresAppDbContext>(o => o.UseNpgsql(connectionString));
                builder.Services.AddSingleton<IDbContextFactory<AppDbContext>>(sp =>
                    new UpcastDbContextFactory<PostgresAppDbContext>(sp.GetRequiredService<IDbContextFactory<PostgresAppDbContext>>()));
                builder.Services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<PostgresAppDbContext>());
                break;
            default:
                throw new InvalidOperationException(
                    $"Database:Provider '{options.Provider}' is not supported; use '{DatabaseProvider.Sqlite}' or '{DatabaseProvider.Postgres}'.");
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<DemoSeed>();
        builder.Services.AddScoped<DatabaseInitializer>();
        return builder;
    }

    /// <summary>
    /// Makes a relative SQLite <c>Data Source</c> relative to the content root (not the working
    /// directory), so <c>data/falsereject.db</c> means the same file
    /// wherever the app or the CLI is started from.
    /// </summary>
    public static string ResolveSqlitePath(string connectionString, string contentRoot)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        var source = csb.DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || csb.Mode == SqliteOpenMode.Memory)
        {
            return csb.ConnectionString;
        }
        if (!Path.IsPathRooted(source))
        {
            csb.DataSource = Path.GetFullPath(Path.Combine(contentRoot, source));
        }
        return csb.ConnectionString;
    }

    /// <summary>
    /// Creates the folder of a SQLite file. Called by the initializer (not at registration), so a
    /// folder that cannot be created is reported like any other store that cannot be opened.
    /// </summary>
    public static void CreateSqliteFolder(string connectionString)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (csb.Mode != SqliteOpenMode.Memory && Path.GetDirectoryName(csb.DataSource) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }
    }
}

/// <summary>Hands out a provider's <see cref="AppDbContext"/> subclass wherever an AppDbContext factory is asked for.</summary>
internal sealed class UpcastDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<AppDbContext>
    where TContext : AppDbContext
{
    public AppDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<AppDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}
