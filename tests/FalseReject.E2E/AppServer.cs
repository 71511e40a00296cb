using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

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
        BaseUrl = $"http://127.0.0.1:{FreePort()}";
        try
        {
            _process = await StartAndWaitAsync(StartInfo(Settings, "--urls", BaseUrl), BaseUrl + "/", Append);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            throw new InvalidOperationException($"{ex.Message}\n{Log}", ex);
        }
    }

    /// <summary>Runs a CLI verb of the same build against this server's store; asserts it succeeds and returns its standard output.</summary>
    public async Task<string> CliAsync(params string[] args)
    {
        var (code, output, error) = await RunToEndAsync(StartInfo(Settings, args));
        Assert.True(code == 0, $"{string.Join(' ', args)} exited with {code}: {output}{error}");
        return output;
    }

    private Dictionary<string, string> Settings => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["ConnectionStrings__Default"] = $"Data Source={DatabasePath}",
        ["Admin__Email"] = AdminEmail,
        ["Admin__Password"] = AdminPassword,
        ["Seed__Demo"] = "false",
        // Every browser test logs in from 127.0.0.1: a run makes more than the default 10 login posts a minute.
        ["RateLimits__LoginPerMinute"] = "1000",
    };

    /// <summary>How to run the built app (the server, or a CLI verb) with these settings: output redirected, in the repository root.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<KeyValuePair<string, string>> environment, params string[] args)
    {
        if (!File.Exists(AppDll))
        {
            throw new FileNotFoundException($"Build the solution first: {AppDll} is missing.");
        }
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AppDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        return start;
    }

    /// <summary>Runs a process to its end (killing it after <paramref name="timeout"/>, one minute by default) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunToEndAsync(ProcessStartInfo start, TimeSpan? timeout = null)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', start.ArgumentList)} did not exit in time:\n{await output}{await error}");
        }
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Starts the server and waits (up to 90 s) until <paramref name="readyUrl"/> answers 200; its output lines go to <paramref name="log"/>.</summary>
    public static async Task<Process> StartAndWaitAsync(ProcessStartInfo start, string readyUrl, Action<string?> log)
    {
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app.");
        process.OutputDataReceived += (_, e) => log(e.Data);
        process.ErrorDataReceived += (_, e) => log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {process.ExitCode}.");
            }
            try
            {
                if ((await http.GetAsync(readyUrl)).StatusCode == HttpStatusCode.OK)
                {
                    return process;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"The app did not answer on {readyUrl} within 90 s.");
    }

    public sealed record SeedQuery(string Prompt, int Category, string? Instruct = null, string? Reasoning = null, string? Solution = null);

    /// <summary>Writes a dataset, its queries and its annotation settings into the server's store.</summary>
    public async Task<int> SeedAnnotationDatasetAsync(string name, int votesPerItem, bool showResponses, IReadOnlyList<SeedQuery> queries)
    {
        var now = (long)new DateTimeOffsetToBinaryConverter().ConvertToProvider(DateTimeOffset.UtcNow)!;
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO Datasets (Name, CreatedAt) VALUES ($name, $now) RETURNING Id;";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$now", now);
        var datasetId = Convert.ToInt32(await command.ExecuteScalarAsync());
        for (var i = 0; i < queries.Count; i++)
        {
            var q = queries[i];
            var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO Queries (DatasetId, Ordinal, Prompt, PromptHash, CategoryId, InstructResponse, CotReasoning, CotSolution, HasResponses, SourceLine)
                VALUES ($dataset, $ordinal, $prompt, $hash, $category, $instruct, $reasoning, $solution, $has, $line);
                """;
            insert.Parameters.AddWithValue("$dataset", datasetId);
            insert.Parameters.AddWithValue("$ordinal", i);
            insert.Parameters.AddWithValue("$prompt", q.Prompt);
            insert.Parameters.AddWithValue("$hash", Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(q.Prompt.Trim()))).ToLowerInvariant());
            insert.Parameters.AddWithValue("$category", q.Category);
            insert.Parameters.AddWithValue("$instruct", (object?)q.Instruct ?? DBNull.Value);
            insert.Parameters.AddWithValue("$reasoning", (object?)q.Reasoning ?? DBNull.Value);
            insert.Parameters.AddWithValue("$solution", (object?)q.Solution ?? DBNull.Value);
            insert.Parameters.AddWithValue("$has", q.Instruct is not null || q.Solution is not null);
            insert.Parameters.AddWithValue("$line", i + 1);
            await insert.ExecuteNonQueryAsync();
        }
        var settings = connection.CreateCommand();
        settings.Transaction = transaction;
        settings.CommandText = """
            INSERT INTO AnnotationSettings (DatasetId, VotesPerItem, ReservationMinutes, ShowResponsesWhileLabeling, UpdatedAt)
            VALUES ($dataset, $n, 30, $show, $now);
            """;
        settings.Parameters.AddWithValue("$dataset", datasetId);
        settings.Parameters.AddWithValue("$n", votesPerItem);
        settings.Parameters.AddWithValue("$show", showResponses);
        settings.Parameters.AddWithValue("$now", now);
        await settings.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return datasetId;
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

    public static int FreePort()
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
