using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using FalseReject.TestSupport;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;
using FalseReject.Web.Security;

namespace FalseReject.Benchmarks;

/// <summary>
/// The annotation queue under load: N annotators (50 by default) work concurrently through one
/// dataset (FalseReject-Test's 1,187 prompts when ../shared/datasets/falsereject_test.jsonl is
/// present, else 1,187 synthetic ones) on a fresh SQLite file, each repeating "next item" then
/// "submit" until the queue has nothing left for them. Server time = the two service calls, as
/// the Blazor circuit makes them (no browser, no network). Between items each annotator "reads"
/// for a random think time (uniform 0..2 x <c>--think-ms</c>, mean 3,000 ms by default: still
/// times faster than people label); <c>--think-ms 0</c> turns them into a closed-loop saturation
/// test, where latency is mostly waiting for the single SQLite writer. Prints p50/p95/p99 and throughput.
/// <c>dotnet run -c Release --project tests/FalseReject.Benchmarks -- annotation-queue [--annotators 50] [--votes 2] [--think-ms 3000] [--dataset path]</c>
/// </summary>
public sealed class AnnotationQueueDriver : IBenchmarkDriver
{
    private const int SyntheticSize = 1187;

    public string Verb => "annotation-queue";

    public string Description => "Annotation queue: next item + submit latency (p50/p95/p99) and throughput, 50 concurrent annotators on SQLite";

    public async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var annotators = DriverArgs.IntArg(args, "--annotators", 50);
        var votesPerItem = DriverArgs.IntArg(args, "--votes", 2);
        var thinkMs = DriverArgs.IntArg(args, "--think-ms", 3000);
        var datasetPath = DriverArgs.StringArg(args, "--dataset") ?? DriverArgs.FindSharedDataset();
        var prompts = datasetPath is not null && File.Exists(datasetPath)
            ? ReadPrompts(datasetPath)
            : [.. Enumerable.Range(0, SyntheticSize).Select(i => ($"Synthetic seemingly harmful but benign query number {i}?", 1 + i % 46))];
        output.WriteLine($"dataset: {(datasetPath is not null && File.Exists(datasetPath) ? datasetPath : "synthetic")} ({prompts.Count} prompts); annotators: {annotators}; votes per item: {votesPerItem}; mean think time: {thinkMs} ms");

        var path = Path.Combine(Path.GetTempPath(), $"falsereject-bench-queue-{Guid.NewGuid():N}.db");
        try
        {
            await using var host = await StartHostAsync(path);
            await using (var scope = host.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
            }
            var dbFactory = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
            var store = host.Services.GetRequiredService<IAnnotationQueueStore>();
            var warmup = await SeedDatasetAsync(dbFactory, "warm-up", prompts.Take(100).ToList(), votesPerItem, cancellationToken);
            var dataset = await SeedDatasetAsync(dbFactory, "falsereject-test", prompts, votesPerItem, cancellationToken);
            await store.EnsureItemsAsync(warmup, cancellationToken);
            await store.EnsureItemsAsync(dataset, cancellationToken);
            var users = await SeedUsersAsync(dbFactory, annotators, cancellationToken);
            AnnotationService ServiceFor(string id) => new(dbFactory, store, new TestCaller(id, id, Roles.Annotator), TimeProvider.System);

            // Warm-up (JIT, connection pool, page cache) on a separate dataset, not measured.
            await RunAsync(users.Select(ServiceFor).ToList(), warmup, 0, cancellationToken);

            var services = users.Select(ServiceFor).ToList();
            var clock = Stopwatch.StartNew();
            var samples = await RunAsync(services, dataset, thinkMs, cancellationToken);
            clock.Stop();

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var items = await db.AnnotationItems.Where(i => i.DatasetId == dataset).ToListAsync(cancellationToken);
            var over = items.Count(i => i.VoteCount > votesPerItem);
            var full = items.Count(i => i.VoteCount == votesPerItem);

            output.WriteLine($"pairs (next + submit): {samples.Pairs.Count}; wall time {clock.Elapsed.TotalSeconds:F1} s; throughput {samples.Pairs.Count / clock.Elapsed.TotalSeconds:F0} pairs/s");
            Print(output, "next + submit", samples.Pairs);
            Print(output, "next", samples.Next);
            Print(output, "submit", samples.Submit);
            output.WriteLine($"check: {full}/{items.Count} items with exactly {votesPerItem} votes, {over} over N, {samples.Rejected} rejected submits");
            return over == 0 ? 0 : 1;
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

    private sealed record Samples(List<double> Pairs, List<double> Next, List<double> Submit, int Rejected);

    private static async Task<Samples> RunAsync(IReadOnlyList<AnnotationService> annotators, int dataset, int thinkMs, CancellationToken cancellationToken)
    {
        var pairs = new List<double>();
        var next = new List<double>();
        var submit = new List<double>();
        var rejected = 0;
        var gate = new object();
        await Task.WhenAll(annotators.Select((service, index) => Task.Run(async () =>
        {
            var label = index % 7 == 0 ? QueryLabel.Unsafe : QueryLabel.Safe;
            var random = new Random(index);
            while (!cancellationToken.IsCancellationRequested)
            {
                if (thinkMs > 0)
                {
                    await Task.Delay(random.Next(0, 2 * thinkMs + 1), cancellationToken);
                }
                var start = Stopwatch.GetTimestamp();
                var view = await service.NextAsync(dataset, AnnotationTaskType.QueryLabel, null, null, cancellationToken);
                var served = Stopwatch.GetTimestamp();
                if (view is null)
                {
                    break;
                }
                var result = await service.SubmitAsync(view.ItemId, new VoteInput(label, null, false, null, 4_000), cancellationToken);
                var done = Stopwatch.GetTimestamp();
                lock (gate)
                {
                    next.Add(Stopwatch.GetElapsedTime(start, served).TotalMilliseconds);
                    submit.Add(Stopwatch.GetElapsedTime(served, done).TotalMilliseconds);
                    pairs.Add(Stopwatch.GetElapsedTime(start, done).TotalMilliseconds);
                    rejected += result.Succeeded ? 0 : 1;
                }
            }
        }, cancellationToken)));
        return new Samples(pairs, next, submit, rejected);
    }

    private static void Print(TextWriter output, string what, List<double> values)
    {
        if (values.Count == 0)
        {
            output.WriteLine($"{what}: no samples");
            return;
        }
        values.Sort();
        double P(double p) => values[Math.Min(values.Count - 1, (int)Math.Ceiling(p * values.Count) - 1)];
        output.WriteLine($"{what,-14} p50 {P(0.50),7:F2} ms   p95 {P(0.95),7:F2} ms   p99 {P(0.99),7:F2} ms   max {values[^1],7:F2} ms   (n = {values.Count})");
    }

    /// <summary>The app's services on <paramref name="path"/>, not yet initialized, logging nothing; the caller is nobody (each annotator's service has its own).</summary>
    private static Task<ServiceTestHost> StartHostAsync(string path) => ServiceTestHost.StartAsync(new ServiceTestHostOptions
    {
        DatabasePath = path,
        EnvironmentName = "Benchmark",
        Settings = new Dictionary<string, string?> { ["Admin:Email"] = "admin@bench.falsereject.local", ["Admin:Password"] = "Bench-Admin-Pass-1" },
        Logging = logging => logging.ClearProviders(),
        Caller = TestCaller.Named("nobody"),
        Initialize = false,
    });

    /// <summary>The dataset with each distinct prompt once, in order, and N votes per item.</summary>
    private static Task<int> SeedDatasetAsync(IDbContextFactory<AppDbContext> dbFactory, string name, IReadOnlyList<(string Prompt, int Category)> prompts,
        int votesPerItem, CancellationToken cancellationToken) =>
        DatasetSeed.AddDatasetAsync(dbFactory, new Dataset { Name = name },
            prompts.DistinctBy(p => DatasetSeed.Hash(p.Prompt)).Select(p => new SeedQuery(p.Prompt, p.Category)),
            new AnnotationSettings { VotesPerItem = votesPerItem }, cancellationToken);

    private static async Task<List<string>> SeedUsersAsync(IDbContextFactory<AppDbContext> dbFactory, int count, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var users = Enumerable.Range(0, count).Select(i => new ApplicationUser
        {
            UserName = $"annotator{i}@bench.falsereject.local",
            NormalizedUserName = $"ANNOTATOR{i}@BENCH.FALSEREJECT.LOCAL",
            Email = $"annotator{i}@bench.falsereject.local",
        }).ToList();
        db.Users.AddRange(users);
        await db.SaveChangesAsync(cancellationToken);
        return [.. users.Select(u => u.Id)];
    }

    private static List<(string, int)> ReadPrompts(string path)
    {
        var prompts = new List<(string, int)>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            using var json = JsonDocument.Parse(line);
            var category = json.RootElement.GetProperty("category");
            prompts.Add((json.RootElement.GetProperty("prompt").GetString()!,
                category.ValueKind == JsonValueKind.Number ? category.GetInt32() : int.Parse(category.GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
        }
        return prompts;
    }
}
