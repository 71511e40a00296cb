using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FalseReject.Web;

namespace FalseReject.IntegrationTests;

/// <summary>
/// The app as this test run built it (<c>src/FalseReject.Web/bin/&lt;Configuration&gt;/net10.0</c>:
/// a build, not a publish), run as its own process, as <c>dotnet FalseReject.Web.dll</c>, on a free
/// loopback port over plain HTTP, with a fresh SQLite file and a known bootstrap admin. What only
/// the real host shows (Kestrel, the endpoints it listens on, static web assets) is tested here.
/// </summary>
public sealed class BuiltApp : IAsyncDisposable
{
    private static readonly string RepositoryRoot =
        ContentRoot.FindFrom(AppContext.BaseDirectory) ?? throw new InvalidOperationException("Run the tests from a checkout.");

    private readonly StringBuilder _log = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("falsereject-built-").FullName;
    private Process? _process;

    private BuiltApp(string baseUrl) => BaseUrl = baseUrl;

    public string BaseUrl { get; }

    /// <summary>What the process printed so far (standard output and error).</summary>
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

    public static string AppDll { get; } = Path.Combine(RepositoryRoot, "src", "FalseReject.Web", "bin",
        new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name, "net10.0", "FalseReject.Web.dll");

    /// <summary>Starts the app with these environment variables (besides the store and the admin) and waits until <c>/health/live</c> answers.</summary>
    public static async Task<BuiltApp> StartAsync(params (string Name, string Value)[] environment)
    {
        var app = new BuiltApp($"http://127.0.0.1:{FreePort()}");
        var process = Process.Start(app.StartInfo(environment)) ?? throw new InvalidOperationException("Could not start the app.");
        app._process = process;
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                await app.DisposeAsync();
                throw new InvalidOperationException($"The app exited with code {process.ExitCode}:\n{app.Log}");
            }
            try
            {
                if ((await http.GetAsync(app.BaseUrl + "/health/live")).StatusCode == HttpStatusCode.OK)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        var log = app.Log;
        await app.DisposeAsync();
        throw new TimeoutException($"The app did not answer on {app.BaseUrl} within 90 s:\n{log}");
    }

    /// <summary>Runs the app until it exits by itself (it must, within 90 s); returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToEndAsync(params (string Name, string Value)[] environment)
    {
        await using var app = new BuiltApp($"http://127.0.0.1:{FreePort()}");
        using var process = Process.Start(app.StartInfo(environment)) ?? throw new InvalidOperationException("Could not start the app.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"The app did not exit within 90 s:\n{await output}{await error}");
        }
        return (process.ExitCode, await output + await error);
    }

    /// <summary>A client of this app that keeps cookies and does not follow redirects.</summary>
    public HttpClient CreateBrowserClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(BaseUrl),
        };

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private ProcessStartInfo StartInfo((string Name, string Value)[] environment)
    {
        if (!File.Exists(AppDll))
        {
            throw new FileNotFoundException($"Build the app first: {AppDll} is missing.");
        }
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AppDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseUrl);
        start.Environment["ConnectionStrings__Default"] = $"Data Source={Path.Combine(_folder, "store.db")}";
        start.Environment["Admin__Email"] = FalseRejectFactory.AdminEmail;
        start.Environment["Admin__Password"] = FalseRejectFactory.AdminPassword;
        start.Environment["Seed__Demo"] = "false";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// One built app for the tests that need the real host in Production over plain HTTP, with
/// <c>Auth:RequireHttps=false</c> (the way to run it so, issue 13 point 5).
/// </summary>
public sealed class ProductionOverHttp : IAsyncLifetime
{
    public const string Collection = "Built app in Production over HTTP";

    private BuiltApp? _app;

    public BuiltApp App => _app ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() =>
        _app = await BuiltApp.StartAsync(("ASPNETCORE_ENVIRONMENT", "Production"), ("Auth__RequireHttps", "false"));

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

[CollectionDefinition(ProductionOverHttp.Collection)]
public sealed class ProductionOverHttpCollection : ICollectionFixture<ProductionOverHttp>;
