namespace FalseReject.E2E;

/// <summary>
/// Issue 6, operations: when the store cannot be opened or migrated, the real server process says
/// so plainly and exits with a non-zero code (rather than serving errors page by page).
/// </summary>
public sealed class StartupFailureTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("falsereject-startup-").FullName;

    [Fact]
    public async Task ExitsNonZero_WithAClearMessage_When_TheSqliteFolderCannotBeCreated()
    {
        // The database's folder would have to be created inside a regular file.
        var blocker = Path.Combine(_folder, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file, not a folder");

        var (code, log) = await RunAppAsync(("ConnectionStrings__Default", $"Data Source={Path.Combine(blocker, "store.db")}"));

        Assert.NotEqual(0, code);
        Assert.Contains("FalseReject cannot", log);
    }

    [Fact]
    public async Task ExitsNonZero_WithAClearMessage_When_TheSqliteFileIsNotADatabase()
    {
        var path = Path.Combine(_folder, "garbage.db");
        await File.WriteAllBytesAsync(path, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 31 % 251))]);

        var (code, log) = await RunAppAsync(("ConnectionStrings__Default", $"Data Source={path}"));

        Assert.NotEqual(0, code);
        Assert.Contains("FalseReject cannot open or migrate its database (Sqlite)", log);
        Assert.Contains("file is not a database", log);
    }

    [Fact]
    public async Task ExitsNonZero_WithAClearMessage_When_ThePostgresServerIsUnreachable()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        var (code, log) = await RunAppAsync(
            ("Database__Provider", "Postgres"),
            ("ConnectionStrings__Default", "Host=127.0.0.1;Port=1;Username=nobody;Database=nothing;Timeout=3"));

        Assert.NotEqual(0, code);
        Assert.Contains("FalseReject cannot open or migrate its database (Postgres)", log);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Runs the built app until it exits (it must, within a minute) and returns its exit code and output.</summary>
    private static async Task<(int Code, string Log)> RunAppAsync(params (string Name, string Value)[] environment)
    {
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            // Plain HTTP is allowed, so that only the store can stop the start.
            ["Auth__RequireHttps"] = "false",
            ["Admin__Email"] = AppServer.AdminEmail,
            ["Admin__Password"] = AppServer.AdminPassword,
            ["Seed__Demo"] = "false",
        };
        foreach (var (name, value) in environment)
        {
            settings[name] = value;
        }
        var (code, output, error) = await AppServer.RunToEndAsync(AppServer.StartInfo(settings, "--urls", "http://127.0.0.1:0"));
        return (code, output + error);
    }
}
