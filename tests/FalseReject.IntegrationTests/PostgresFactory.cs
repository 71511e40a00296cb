using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace FalseReject.IntegrationTests;

/// <summary>
/// The real app on a fresh database of its own on a real PostgreSQL server. The server is named by
/// FALSEREJECT_TEST_POSTGRES (an Npgsql connection string with the right to create databases);
/// the README's test command (tests/run.sh) installs Debian's PostgreSQL, starts it on loopback
/// and sets it.
/// </summary>
public class PostgresFactory : FalseRejectFactory
{
    public const string ServerVariable = "FALSEREJECT_TEST_POSTGRES";

    private readonly string _serverConnectionString;

    public PostgresFactory()
    {
        _serverConnectionString = ServerConnectionString();
        DatabaseName = $"falsereject_it_{Guid.NewGuid():N}";
        using var connection = new NpgsqlConnection(_serverConnectionString);
        connection.Open();
        using var create = new NpgsqlCommand($"CREATE DATABASE \"{DatabaseName}\"", connection);
        create.ExecuteNonQuery();
        ConnectionString = new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = DatabaseName }.ConnectionString;
    }

    public string DatabaseName { get; }

    public string ConnectionString { get; }

    public static string ServerConnectionString() =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set: the PostgreSQL tests need a server. Run the README's test command (bash tests/run.sh), which installs and starts one.");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Database:Provider", "Postgres");
        builder.UseSetting("ConnectionStrings:Default", ConnectionString);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(_serverConnectionString);
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
    }
}
