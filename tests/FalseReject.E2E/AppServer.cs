using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FalseReject.E2E;

/// <summary>
/// The real app, built by this solution, started as its own process on a free loopback port
/// with a fresh SQLite file and a known bootstrap admin; stopped (and its store deleted) at the end.
/// </summary>
public sealed class AppServer : IAsyncLifetime
{
    public const string AdminEmail = "admin@e2e.falsereject.local";
    public const string AdminPassword = "E2e-Bootstrap-Pass-1";

    private readonly StringBuilder _log = new();
    private Process? _process;

    public string BaseUrl { get; private set; } = "";

    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), $"falsereject-e2e-{Guid.NewGuid():N}.db");

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

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The app as this test run built it (same configuration: bin/&lt;Configuration&gt;/net10.0).</summary>
    public static string AppDll { get; } = Path.Combine(RepositoryRoot, "src", "FalseReject.Web", "bin",
        new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name, "net10.0", "FalseReject.Web.dll");

    public async Task InitializeAsync()
    {
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var dll = AppDll;
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build the solution first: {dll} is missing.");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseUrl);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Default"] = $"Data Source={DatabasePath}";
        start.Environment["Admin__Email"] = AdminEmail;
        start.Environment["Admin__Password"] = AdminPassword;
        start.Environment["Seed__Demo"] = "false";

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
                if ((await http.GetAsync(BaseUrl + "/")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The app did not answer on {BaseUrl} within 90 s:\n{Log}");
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(DatabasePath + suffix);
        }
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FalseReject.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Run the tests from a checkout of the repository.");
    }
}
