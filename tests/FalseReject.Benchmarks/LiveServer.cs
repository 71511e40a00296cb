using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FalseReject.Web;

namespace FalseReject.Benchmarks;

/// <summary>
/// The app as users run it: <c>dotnet FalseReject.Web.dll</c> of this configuration's build, its own
/// process on a free loopback port over plain HTTP (Production with <c>Auth:RequireHttps=false</c>),
/// the given SQLite file. Its output is drained (the request log included) and the last lines kept
/// for error messages.
/// </summary>
internal sealed class LiveServer : IAsyncDisposable
{
    private readonly Queue<string> _tail = new();
    private readonly Process _process;

    private LiveServer(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public int ProcessId => _process.Id;

    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return string.Join(Environment.NewLine, _tail);
            }
        }
    }

    public static async Task<LiveServer> StartAsync(string databasePath, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var root = ContentRoot.Find();
#if DEBUG
        const string Configuration = "Debug";
#else
        const string Configuration = "Release";
#endif
        var dll = Path.Combine(root, "src", "FalseReject.Web", "bin", Configuration, "net10.0", "FalseReject.Web.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build the app first ({Configuration}): {dll} is missing.");
        }
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var baseUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseUrl);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Production over plain HTTP on loopback: without this the app refuses to start.
        start.Environment["Auth__RequireHttps"] = "false";
        start.Environment["ConnectionStrings__Default"] = $"Data Source={databasePath}";
        start.Environment["Seed__Demo"] = "false";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app.");
        var server = new LiveServer(process, baseUrl);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {process.ExitCode}:\n{server.Tail}");
            }
            try
            {
                if ((await http.GetAsync(baseUrl + "/health/ready", cancellationToken)).StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200, cancellationToken);
        }
        throw new TimeoutException($"The app did not answer on {baseUrl} within 90 s:\n{server.Tail}");
    }

    /// <summary>The resident set size (VmRSS) of the server process in MiB, from /proc; null off Linux.</summary>
    public double? ResidentMegabytes()
    {
        var status = $"/proc/{_process.Id}/status";
        if (!File.Exists(status))
        {
            return null;
        }
        foreach (var line in File.ReadLines(status))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > 40)
            {
                _tail.Dequeue();
            }
        }
    }
}
