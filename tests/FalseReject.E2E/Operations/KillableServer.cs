using System.Diagnostics;
using System.Text;

namespace FalseReject.E2E.Operations;

/// <summary>
/// The built app run as its own process on one SQLite file that outlives it: started, killed with
/// SIGKILL (<see cref="Process.Kill()"/> on Linux), and started again on the same file. Its CLI
/// verbs run against the same file. The file is deleted on dispose.
/// </summary>
public sealed class KillableServer : IAsyncDisposable
{
    public const string AdminEmail = "admin@crash.falsereject.local";
    public const string AdminPassword = "Crash-Bootstrap-Pass-1";

    private readonly StringBuilder _log = new();
    private Process? _process;

    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), $"falsereject-crash-{Guid.NewGuid():N}.db");

    public string BaseUrl { get; private set; } = "";

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async Task StartAsync()
    {
        BaseUrl = $"http://127.0.0.1:{AppServer.FreePort()}";
        try
        {
            _process = await AppServer.StartAndWaitAsync(AppServer.StartInfo(Settings, "--urls", BaseUrl), BaseUrl + "/health/ready", Append);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            throw new InvalidOperationException($"{ex.Message}\n{Log}", ex);
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, no disposal; whatever the process held in memory is gone.</summary>
    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException("Not started.");
        process.Kill();
        await process.WaitForExitAsync();
        Assert.NotEqual(0, process.ExitCode); // 137: killed by signal 9
        process.Dispose();
        _process = null;
    }

    /// <summary>Runs a CLI verb of the same build against the same store; returns its standard output.</summary>
    public async Task<string> CliAsync(params string[] args)
    {
        var (code, output, error) = await AppServer.RunToEndAsync(AppServer.StartInfo(Settings, args));
        Assert.True(code == 0, $"{string.Join(' ', args)} exited with {code}: {error}");
        return output;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(DatabasePath + suffix);
        }
    }

    private Dictionary<string, string> Settings => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        // Production over plain HTTP on loopback: without this the app refuses to start.
        ["Auth__RequireHttps"] = "false",
        ["ConnectionStrings__Default"] = $"Data Source={DatabasePath}",
        ["Admin__Email"] = AdminEmail,
        ["Admin__Password"] = AdminPassword,
        ["Seed__Demo"] = "false",
        // The load below sends more than the default 300 requests per token and minute.
        ["RateLimits__ApiPerMinute"] = "100000",
    };

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
