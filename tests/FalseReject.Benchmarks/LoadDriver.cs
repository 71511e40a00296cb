using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using FalseReject.TestSupport;
using FalseReject.Web.Data;
using FalseReject.Web.Security;
using FalseReject.Web.Security.ApiTokens;

namespace FalseReject.Benchmarks;

/// <summary>
/// Load against the running server: the Release build of the app started as its own process on a
/// fresh SQLite file; 100 annotator accounts with API tokens seeded through the app's own services;
/// FalseReject-Test (1,187 prompts, ../shared/datasets/falsereject_test.jsonl) imported through
/// <c>POST /api/datasets</c>; then 100 simulated annotators loop "next item" + "vote" over HTTP
/// with a think time (uniform 0..2 x <c>--think-ms</c>) for <c>--seconds</c>. Reports errors,
/// votes acknowledged vs stored (lost, unexpected, duplicated), items over N, p50/p95/p99 latency
/// per request kind and the server's VmRSS every 5 s.
/// <c>dotnet run -c Release --project tests/FalseReject.Benchmarks -- load [--annotators 100] [--seconds 60] [--think-ms 1000] [--votes 5] [--dataset path] [--set Key=Value ...]</c>
/// </summary>
public sealed class LoadDriver : IBenchmarkDriver
{
    private const string AdminEmail = "admin@load.falsereject.local";
    private const string AdminPassword = "Load-Admin-Pass-1";

    public string Verb => "load";

    public string Description => "Live server under 100 concurrent API annotators for 60 s: errors, lost/duplicated votes, items over N, latency, memory";

    public async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var annotators = DriverArgs.IntArg(args, "--annotators", 100);
        var seconds = DriverArgs.IntArg(args, "--seconds", 60);
        var thinkMs = DriverArgs.IntArg(args, "--think-ms", 1000);
        var votesPerItem = DriverArgs.IntArg(args, "--votes", 5);
        var datasetPath = DriverArgs.StringArg(args, "--dataset") ?? DriverArgs.FindSharedDataset();
        if (datasetPath is null || !File.Exists(datasetPath))
        {
            output.WriteLine("The FalseReject-Test file was not found (../shared/datasets/falsereject_test.jsonl); pass --dataset PATH.");
            return 2;
        }
        var path = Path.Combine(Path.GetTempPath(), $"falsereject-load-{Guid.NewGuid():N}.db");
        var settings = new Dictionary<string, string> { ["Admin:Email"] = AdminEmail, ["Admin:Password"] = AdminPassword };
        // --set Key=Value (repeatable): a server setting for experiments, e.g. a log level; printed with the figures.
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--set" && args[i + 1].Split('=', 2) is [var key, var value])
            {
                settings[key] = value;
                output.WriteLine($"server setting: {key} = {value}");
            }
        }
        output.WriteLine($"dataset: {datasetPath}; annotators: {annotators}; duration: {seconds} s; mean think time: {thinkMs} ms; votes per item (N): {votesPerItem}; store: {path}");
        try
        {
            var clock = Stopwatch.StartNew();
            var (adminToken, annotatorTokens) = await SeedAccountsAsync(path, settings, annotators, cancellationToken);
            output.WriteLine($"seeded {annotators} annotators with API tokens in {clock.Elapsed.TotalSeconds:F1} s");

            await using var server = await LiveServer.StartAsync(path, settings, cancellationToken);
            output.WriteLine($"server: pid {server.ProcessId} on {server.BaseUrl}, VmRSS {server.ResidentMegabytes():F0} MiB after start");

            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1000, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
            using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };

            clock.Restart();
            var datasetId = await ImportAsync(http, adminToken, annotatorTokens[0], datasetPath, cancellationToken);
            output.WriteLine($"import through POST /api/datasets: {clock.Elapsed.TotalMilliseconds:F0} ms");
            await SetVotesPerItemAsync(path, datasetId, votesPerItem, cancellationToken);

            // Warm-up: every annotator asks once for the datasets (JIT, token validation, pool), not measured.
            await Task.WhenAll(annotatorTokens.Select(t => Send(http, HttpMethod.Get, "/api/annotation/datasets", t, null, cancellationToken)));

            var run = new LoadRun();
            var memory = new List<(double Seconds, double? Megabytes)>();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            clock.Restart();
            var sampler = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    lock (memory)
                    {
                        memory.Add((clock.Elapsed.TotalSeconds, server.ResidentMegabytes()));
                    }
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(5), stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            }, CancellationToken.None);
            var deadline = TimeSpan.FromSeconds(seconds);
            await Task.WhenAll(annotatorTokens.Select((token, index) =>
                AnnotateAsync(http, run, datasetId, token, index, thinkMs, () => clock.Elapsed >= deadline, cancellationToken)));
            var wall = clock.Elapsed;
            await stop.CancelAsync();
            await sampler;
            memory.Add((clock.Elapsed.TotalSeconds, server.ResidentMegabytes()));

            var stored = await ReadStoreAsync(path, datasetId, votesPerItem, cancellationToken);
            var acknowledged = run.Acknowledged.Keys.ToHashSet();
            var lost = acknowledged.Count(k => !stored.Votes.Contains(k));
            var unexpected = stored.Votes.Count(k => !acknowledged.Contains(k));

            output.WriteLine();
            output.WriteLine($"load: {annotators} annotators for {wall.TotalSeconds:F1} s; requests {run.Requests}; votes acknowledged {acknowledged.Count} ({acknowledged.Count / wall.TotalSeconds:F1}/s); queue empty for {run.Exhausted} annotators");
            output.WriteLine($"errors: {run.Errors.Count}{(run.Errors.IsEmpty ? "" : " (first: " + string.Join(" | ", run.Errors.Take(5)) + ")")}");
            output.WriteLine($"votes refused with a reason (400): {run.Refused.Count}{(run.Refused.IsEmpty ? "" : " (first: " + string.Join(" | ", run.Refused.Take(3)) + ")")}");
            output.WriteLine($"votes stored {stored.Votes.Count} (rows {stored.Rows}); lost (acknowledged, not stored) {lost}; stored but never acknowledged {unexpected}; duplicated (acknowledged twice as new, or two rows per annotator and item) {run.DuplicateAcknowledgements + stored.Rows - stored.Votes.Count}");
            output.WriteLine($"items over N={votesPerItem}: {stored.ItemsOverN} (by counted votes), {stored.CounterOverN} (by the VoteCount column); items with N votes: {stored.FullItems}/{stored.Items}");
            Print(output, "next", run.Next);
            Print(output, "vote", run.Vote);
            Print(output, "all requests", [.. run.Next, .. run.Vote]);
            output.WriteLine("server memory (VmRSS from /proc/<pid>/status, every 5 s):");
            foreach (var (at, mb) in memory)
            {
                output.WriteLine($"  t = {at,5:F1} s  {(mb is { } m ? $"{m,7:F1} MiB" : "n/a")}");
            }
            var failed = !run.Errors.IsEmpty || lost > 0 || stored.ItemsOverN > 0 || stored.CounterOverN > 0 || run.DuplicateAcknowledgements > 0 || stored.Rows != stored.Votes.Count;
            output.WriteLine(failed ? "RESULT: FAILED (see above)" : "RESULT: 0 errors, 0 lost, 0 duplicated, 0 items over N");
            return failed ? 1 : 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }
    }

    private sealed class LoadRun
    {
        public ConcurrentDictionary<(int Item, string Annotator), byte> Acknowledged { get; } = new();

        public ConcurrentQueue<string> Errors { get; } = new();

        public ConcurrentQueue<string> Refused { get; } = new();

        public ConcurrentBag<double> Next { get; } = [];

        public ConcurrentBag<double> Vote { get; } = [];

        private int _requests;
        private int _exhausted;
        private int _duplicates;

        public int Requests => _requests;

        public int Exhausted => _exhausted;

        public int DuplicateAcknowledgements => _duplicates;

        public void Request() => Interlocked.Increment(ref _requests);

        public void QueueEmpty() => Interlocked.Increment(ref _exhausted);

        public void Duplicate() => Interlocked.Increment(ref _duplicates);
    }

    private static async Task AnnotateAsync(HttpClient http, LoadRun run, int datasetId, string token, int index, int thinkMs, Func<bool> over, CancellationToken cancellationToken)
    {
        var random = new Random(index);
        var annotator = token[..20]; // "frk_" + the public id
        await Task.Yield();
        while (!over() && !cancellationToken.IsCancellationRequested)
        {
            var start = Stopwatch.GetTimestamp();
            HttpResponseMessage next;
            try
            {
                next = await Send(http, HttpMethod.Post, $"/api/annotation/datasets/{datasetId}/next?task=QueryLabel", token, null, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                run.Errors.Enqueue($"next: {ex.GetType().Name}: {ex.Message}");
                continue;
            }
            run.Next.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            run.Request();
            using (next)
            {
                if (next.StatusCode == HttpStatusCode.NoContent)
                {
                    run.QueueEmpty();
                    return;
                }
                if (next.StatusCode != HttpStatusCode.OK)
                {
                    run.Errors.Enqueue($"next: HTTP {(int)next.StatusCode} {await next.Content.ReadAsStringAsync(cancellationToken)}");
                    continue;
                }
                var itemId = (await next.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("itemId").GetInt32();

                // Reading the prompt.
                if (thinkMs > 0)
                {
                    await Task.Delay(random.Next(0, 2 * thinkMs + 1), cancellationToken);
                }

                var label = random.Next(7) == 0 ? "Unsafe" : "Safe";
                start = Stopwatch.GetTimestamp();
                HttpResponseMessage vote;
                try
                {
                    vote = await Send(http, HttpMethod.Post, $"/api/annotation/items/{itemId}/vote", token,
                        JsonContent.Create(new { label, activeMilliseconds = 3000 }), cancellationToken);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    run.Errors.Enqueue($"vote: {ex.GetType().Name}: {ex.Message}");
                    continue;
                }
                run.Vote.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                run.Request();
                using (vote)
                {
                    var body = await vote.Content.ReadAsStringAsync(cancellationToken);
                    if (vote.StatusCode == HttpStatusCode.OK)
                    {
                        var status = JsonDocument.Parse(body).RootElement.GetProperty("status").GetString();
                        if (!run.Acknowledged.TryAdd((itemId, annotator), 0) || status != "Created")
                        {
                            run.Duplicate();
                        }
                    }
                    else if (vote.StatusCode == HttpStatusCode.BadRequest)
                    {
                        run.Refused.Enqueue(body);
                    }
                    else
                    {
                        run.Errors.Enqueue($"vote: HTTP {(int)vote.StatusCode} {body}");
                    }
                }
            }
        }
    }

    private static Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string url, string token, HttpContent? content, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request, cancellationToken);
    }

    /// <summary>Migrates the new store and creates the accounts through the app's own services (UserManager, ApiTokenService), acting as an Admin.</summary>
    private static async Task<(string Admin, string[] Annotators)> SeedAccountsAsync(string path, Dictionary<string, string> settings, int count, CancellationToken cancellationToken)
    {
        // The store is the live server's next: the host leaves it in place.
        await using var host = await ServiceTestHost.StartAsync(new ServiceTestHostOptions
        {
            DatabasePath = path,
            KeepDatabase = true,
            EnvironmentName = "Production",
            Settings = new Dictionary<string, string?> { ["Admin:Email"] = settings["Admin:Email"], ["Admin:Password"] = settings["Admin:Password"] },
            Logging = logging => logging.ClearProviders(),
            Services = services => services.AddAuthentication(),
            Caller = TestCaller.Named("load-seeder", Roles.Admin),
            Initialize = false,
        });
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var tokens = scope.ServiceProvider.GetRequiredService<ApiTokenService>();
        var admin = await users.FindByEmailAsync(AdminEmail) ?? throw new InvalidOperationException("The bootstrap admin was not created.");
        var adminToken = (await tokens.CreateAsync(admin.Id, "load-import", cancellationToken: cancellationToken)).Plaintext;
        var annotatorTokens = new string[count];
        for (var i = 0; i < count; i++)
        {
            var email = $"annotator{i:D3}@load.falsereject.local";
            var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
            Check(await users.CreateAsync(user));
            Check(await users.AddToRoleAsync(user, Roles.Annotator));
            annotatorTokens[i] = (await tokens.CreateAsync(user.Id, "load", cancellationToken: cancellationToken)).Plaintext;
        }
        return (adminToken, annotatorTokens);

        static void Check(IdentityResult result)
        {
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
            }
        }
    }

    private static async Task<int> ImportAsync(HttpClient http, string adminToken, string annotatorToken, string datasetPath, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("falsereject-test"), "name" },
            { new StreamContent(File.OpenRead(datasetPath)), "file", Path.GetFileName(datasetPath) },
        };
        using var import = await Send(http, HttpMethod.Post, "/api/datasets", adminToken, form, cancellationToken);
        if (import.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"The import failed: HTTP {(int)import.StatusCode} {await import.Content.ReadAsStringAsync(cancellationToken)}");
        }
        using var list = await Send(http, HttpMethod.Get, "/api/annotation/datasets", annotatorToken, null, cancellationToken);
        var datasets = await list.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return datasets.EnumerateArray().Single(d => d.GetProperty("name").GetString() == "falsereject-test").GetProperty("id").GetInt32();
    }

    /// <summary>N for the dataset (the Admin page's setting, written straight to the store: the API has no settings endpoint).</summary>
    private static async Task SetVotesPerItemAsync(string path, int datasetId, int votesPerItem, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO AnnotationSettings (DatasetId, VotesPerItem, ReservationMinutes, ShowResponsesWhileLabeling, UpdatedAt)
            VALUES ($dataset, $n, 30, 0, $now)
            ON CONFLICT (DatasetId) DO UPDATE SET VotesPerItem = excluded.VotesPerItem;
            """;
        command.Parameters.AddWithValue("$dataset", datasetId);
        command.Parameters.AddWithValue("$n", votesPerItem);
        command.Parameters.AddWithValue("$now", new Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter().ConvertToProvider(DateTimeOffset.UtcNow));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record StoreState(HashSet<(int Item, string Annotator)> Votes, int Rows, int Items, int FullItems, int ItemsOverN, int CounterOverN);

    /// <summary>Every stored vote as (item, the annotator's token public id), and the per-item counts.</summary>
    private static async Task<StoreState> ReadStoreAsync(string path, int datasetId, int votesPerItem, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        await connection.OpenAsync(cancellationToken);
        var votes = new HashSet<(int, string)>();
        var rows = 0;
        await using (var command = connection.CreateCommand())
        {
            // The annotator is identified in the load by their token's public prefix ("frk_" + id).
            command.CommandText = """
                SELECT v.ItemId, t.PublicId FROM AnnotationVotes v
                JOIN AnnotationItems i ON i.Id = v.ItemId
                JOIN ApiTokens t ON t.UserId = v.AnnotatorId
                WHERE i.DatasetId = $dataset;
                """;
            command.Parameters.AddWithValue("$dataset", datasetId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows++;
                votes.Add((reader.GetInt32(0), "frk_" + reader.GetString(1)));
            }
        }
        async Task<int> ScalarAsync(string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$dataset", datasetId);
            command.Parameters.AddWithValue("$n", votesPerItem);
            return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
        var items = await ScalarAsync("SELECT COUNT(*) FROM AnnotationItems WHERE DatasetId = $dataset AND TaskType = 'QueryLabel';");
        var full = await ScalarAsync("SELECT COUNT(*) FROM AnnotationItems WHERE DatasetId = $dataset AND TaskType = 'QueryLabel' AND VoteCount = $n;");
        var overN = await ScalarAsync("SELECT COUNT(*) FROM (SELECT v.ItemId FROM AnnotationVotes v JOIN AnnotationItems i ON i.Id = v.ItemId WHERE i.DatasetId = $dataset GROUP BY v.ItemId HAVING COUNT(*) > $n);");
        var counterOver = await ScalarAsync("SELECT COUNT(*) FROM AnnotationItems WHERE DatasetId = $dataset AND VoteCount > $n;");
        return new StoreState(votes, rows, items, full, overN, counterOver);
    }

    private static void Print(TextWriter output, string what, IEnumerable<double> samples)
    {
        var values = samples.ToList();
        if (values.Count == 0)
        {
            output.WriteLine($"{what}: no samples");
            return;
        }
        values.Sort();
        double P(double p) => values[Math.Min(values.Count - 1, (int)Math.Ceiling(p * values.Count) - 1)];
        output.WriteLine($"{what,-13} p50 {P(0.50),7:F2} ms   p95 {P(0.95),7:F2} ms   p99 {P(0.99),7:F2} ms   max {values[^1],8:F2} ms   (n = {values.Count})");
    }
}
