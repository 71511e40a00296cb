using FalseReject.Web.Cli;

namespace FalseReject.Web.Tests.Cli;

/// <summary>
/// A CLI test against a real store file of its own. The CLI reads its configuration from the
/// process environment, so the derived classes belong to <see cref="CliCollection"/> and never
/// run in parallel with each other.
/// </summary>
public abstract class CliStoreTest : IDisposable
{
    protected CliStoreTest(string adminEmail = "cli-admin@example.org")
    {
        DatabasePath = Path.Combine(Path.GetTempPath(), $"falsereject-cli-{Guid.NewGuid():N}.db");
        Environment.SetEnvironmentVariable("ConnectionStrings__Default", $"Data Source={DatabasePath}");
        Environment.SetEnvironmentVariable("Admin__Email", adminEmail);
        Environment.SetEnvironmentVariable("Admin__Password", "Cli-Admin-Pass-1");
    }

    protected string DatabasePath { get; }

    /// <summary>Runs the CLI with <paramref name="args"/>; its exit code and standard output.</summary>
    protected static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var exit = await CliApp.RunAsync(args, output);
        return (exit, output.ToString());
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        Environment.SetEnvironmentVariable("ConnectionStrings__Default", null);
        Environment.SetEnvironmentVariable("Admin__Email", null);
        Environment.SetEnvironmentVariable("Admin__Password", null);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(DatabasePath + suffix);
        }
    }
}
