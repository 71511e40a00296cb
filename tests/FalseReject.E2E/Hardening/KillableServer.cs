using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FalseReject.E2E.Hardening;

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
    private readonly string _dll;
    private Process? _process;

    public KillableServer()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        _dll = Path.Combine(AppServer.RepositoryRoot, "src", "FalseReject.Web", "bin", configuration, "net10.0", "FalseReject.Web.dll");
        if (!File.Exists(_dll))
        {
            throw new FileNotFoundException($"Build the solution first: {_dll} is missing.");
        }
    }

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
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        BaseUrl = $"http://127.0.0.1:{port}";
        var start = StartInfo();
        start.ArgumentList.Add(_dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseUrl);
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {_process.ExitCode}:\n{Log}");
            }
            try
            {
                if ((await http.GetAsync(BaseUrl + "/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The app did not answer on {BaseUrl} within 90 s:\n{Log}");
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
        var start = StartInfo();
        start.ArgumentList.Add(_dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the CLI.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{string.Join(' ', args)} exited with {process.ExitCode}: {await stderr}");
        return await stdout;
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

    private ProcessStartInfo StartInfo()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppServer.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Default"] = $"Data Source={DatabasePath}";
        start.Environment["Admin__Email"] = AdminEmail;
        start.Environment["Admin__Password"] = AdminPassword;
        start.Environment["Seed__Demo"] = "false";
        // The load below sends more than the default 300 requests per token and minute.
        start.Environment["RateLimits__ApiPerMinute"] = "100000";
        return start;
    }

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
