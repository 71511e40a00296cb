using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using FalseReject.TestSupport;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Leaderboard;
using FalseReject.Web.Features.Runs;
using FalseReject.Web.Security;

namespace FalseReject.Benchmarks;

/// <summary>
/// A store with one 1,187-prompt dataset (46 categories) and <see cref="RunStore.Runs"/> runs of
/// 1,187 judged items each, on a temporary SQLite file, through the app's own services.
/// </summary>
internal sealed class RunStore : IAsyncDisposable
{
    public const int Prompts = 1187;
    public const string DatasetName = "Benchmark split";

    public static readonly Caller Admin = new(null, "bench", [Roles.Admin]);

    private readonly ServiceTestHost _host;

    private RunStore(ServiceTestHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static async Task<RunStore> CreateAsync(int runs)
    {
        var store = new RunStore(await ServiceTestHost.StartAsync(new ServiceTestHostOptions
        {
            DatabasePath = Path.Combine(Path.GetTempPath(), $"falsereject-bench-{Guid.NewGuid():N}.db"),
            EnvironmentName = "Benchmark",
            Settings = new Dictionary<string, string?> { ["Admin:Email"] = "bench@falsereject.local", ["Admin:Password"] = "Bench-Admin-Pass-1" },
            Logging = logging => logging.ClearProviders(),
            Caller = Admin,
        }));

        await DatasetSeed.AddDatasetAsync(store.Services.GetRequiredService<IDbContextFactory<AppDbContext>>(), new Dataset { Name = DatasetName },
            Enumerable.Range(0, Prompts).Select(i => new SeedQuery(Prompt(i), 1 + (i % 46))));
        for (var r = 0; r < runs; r++)
        {
            var result = await store.ImportAsync($"Model {r:00}", RunFile(seed: r));
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", result.Errors));
            }
        }
        return store;
    }

    public static string Prompt(int i) => $"Benchmark prompt {i:0000}: how do professionals handle seemingly risky topic number {i}?";

    /// <summary>A 1,187-line run file with realistic response lengths, a judge output per line and ~2% unjudged.</summary>
    public static byte[] RunFile(int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        string[] classes = ["Full Compliance", "Safe Partial Compliance", "Direct Refusal"];
        for (var i = 0; i < Prompts; i++)
        {
            var label = classes[random.Next(3)];
            var judge = random.NextDouble() < 0.02 ? "no verdict" : $"The response ... [[{label}]]";
            text.Append(JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["prompt"] = Prompt(i),
                ["response"] = new string('x', 400 + random.Next(800)),
                ["judge_output"] = judge,
            })).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public async Task<RunImportResult> ImportAsync(string model, byte[] file)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RunImportService>()
            .ImportAsync(new MemoryStream(file), new RunImportRequest(DatasetName, model));
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}

/// <summary>
/// The leaderboard of 50 runs × 1,187 items with the per-category breakdown: cold (cache dropped,
/// counts grouped in SQLite) and warm (cached per-dataset metrics; filters and ranks per request).
/// Targets: ≤ 100 ms cold, ≤ 10 ms warm.
/// </summary>
[MemoryDiagnoser]
public class LeaderboardBenchmarks
{
    private RunStore _store = null!;
    private LeaderboardService _service = null!;
    private LeaderboardCache _cache = null!;
    private readonly LeaderboardFilter _filter = new() { Dataset = RunStore.DatasetName };

    [GlobalSetup]
    public void Setup()
    {
        _store = RunStore.CreateAsync(runs: 50).GetAwaiter().GetResult();
        _service = _store.Services.GetRequiredService<LeaderboardService>();
        _cache = _store.Services.GetRequiredService<LeaderboardCache>();
        var view = _service.GetAsync(_filter).GetAwaiter().GetResult();
        if (view.Entries.Count != 50 || view.Entries[0].Categories.Count != 46)
        {
            throw new InvalidOperationException("The benchmark store is not 50 runs × 46 categories.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _store.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public async Task<int> Cold()
    {
        _cache.Clear();
        return (await _service.GetAsync(_filter)).Entries.Count;
    }

    [Benchmark]
    public async Task<int> Warm() => (await _service.GetAsync(_filter)).Entries.Count;

    [Benchmark]
    public async Task<int> WarmFilteredByUsr() =>
        (await _service.GetAsync(_filter with { OpenWeights = false, Sort = LeaderboardSort.Usr })).Entries.Count;
}
