using Npgsql;

namespace FalseReject.TestSupport;

/// <summary>
/// The real PostgreSQL server the tests run against, named by <see cref="ServerVariable"/> (an
/// Npgsql connection string with the right to create databases; tests/run.sh installs Debian's
/// PostgreSQL, starts it on loopback and sets it). Each host or factory makes a database of its own.
/// </summary>
public static class TestPostgres
{
    public const string ServerVariable = "FALSEREJECT_TEST_POSTGRES";

    public static string ServerConnectionString() =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set: the PostgreSQL tests need a server. Run the README's test command (bash tests/run.sh), which installs and starts one.");

    /// <summary>Creates a fresh database named <paramref name="prefix"/> and a GUID; returns its name and connection string.</summary>
    public static (string Name, string ConnectionString) CreateDatabase(string prefix)
    {
        var server = ServerConnectionString();
        var name = $"{prefix}{Guid.NewGuid():N}";
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            create.ExecuteNonQuery();
        }
        return (name, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }

    /// <summary>Drops the database, closing the connections pooled to it and any still open.</summary>
    public static void DropDatabase(string name)
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(ServerConnectionString());
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }
}
