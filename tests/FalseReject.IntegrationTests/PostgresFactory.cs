using Microsoft.AspNetCore.Hosting;

namespace FalseReject.IntegrationTests;

/// <summary>
/// The real app on a fresh database of its own on a real PostgreSQL server, the one named by
/// <see cref="TestPostgres.ServerVariable"/> (the README's test command, tests/run.sh, installs
/// Debian's PostgreSQL, starts it on loopback and sets it).
/// </summary>
public class PostgresFactory : FalseRejectFactory
{
    public PostgresFactory() => (DatabaseName, ConnectionString) = TestPostgres.CreateDatabase("falsereject_it_");

    public string DatabaseName { get; }

    public string ConnectionString { get; }

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
            TestPostgres.DropDatabase(DatabaseName);
        }
    }
}
