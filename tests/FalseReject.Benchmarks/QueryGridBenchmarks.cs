using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using FalseReject.TestSupport;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Datasets;
using FalseReject.Web.Security;

namespace FalseReject.Benchmarks;

/// <summary>
/// The first page (25 rows, with the total count) of the queries grid at 16,000 train-shaped rows
/// (prompts of 15-60 words, an instruct response of ~4 KB, CoT reasoning ~3 KB and solution ~2 KB
/// on every row: ~150 MB of text), through <see cref="QueryBrowseService"/> on a real SQLite file,
/// exactly as the page calls it. The bar (issue 3): a search term at 16k rows in ≤ 50 ms.
/// Run: <c>dotnet run -c Release --project tests/FalseReject.Benchmarks -- --filter '*QueryGrid*'</c>.
/// </summary>
/// In-process: on this shared 2-core machine BenchmarkDotNet's per-job rebuild of the boilerplate
/// project can exceed its 2-minute build timeout.
[InProcess]
[MemoryDiagnoser]
[WarmupCount(3)]
[IterationCount(15)]
public class QueryGridBenchmarks
{
    public const int Rows = 16_000;

    /// <summary>In about 1 prompt in 12.</summary>
    private const string CommonTerm = "chemicals";

    /// <summary>In about 1 prompt in 400.</summary>
    private const string RareTerm = "locksmith";

    private ServiceTestHost _host = null!;
    private QueryBrowseService _service = null!;
    private DatasetService _datasets = null!;
    private string _path = null!;
    private int _datasetId;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        // Filling 16k rows takes a while and BenchmarkDotNet runs each benchmark in its own process:
        // the filled store is kept as a template (named after the schema's last migration) and copied.
        var template = Path.Combine(Path.GetTempPath(), $"falsereject-bench-grid-{Rows}-{LastMigration()}.db");
        if (!File.Exists(template))
        {
            var building = template + $".{Environment.ProcessId}.tmp";
            await using (var host = await StartHostAsync(building, keep: true))
            {
                await FillAsync(host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>());
                await using var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
            }
            SqliteConnection.ClearAllPools();
            File.Move(building, template, overwrite: true);
            File.Delete(building + "-wal");
            File.Delete(building + "-shm");
        }

        _path = Path.Combine(Path.GetTempPath(), $"falsereject-bench-grid-{Guid.NewGuid():N}.db");
        File.Copy(template, _path);
        _host = await StartHostAsync(_path);
        _service = _host.Services.GetRequiredService<QueryBrowseService>();
        _datasets = _host.Services.GetRequiredService<DatasetService>();
        _datasetId = (await _datasets.ListAsync()).Single().Id;

        var common = await _service.GetQueryPageAsync(new QueryPageRequest(_datasetId, Search: CommonTerm));
        var rare = await _service.GetQueryPageAsync(new QueryPageRequest(_datasetId, Search: RareTerm));
        Console.WriteLine($"// Setup: {Rows} rows, {new FileInfo(_path).Length / (1024 * 1024)} MB database; '{CommonTerm}' matches {common.TotalCount}, '{RareTerm}' matches {rare.TotalCount}.");
    }

    private static string LastMigration() =>
        typeof(AppDbContext).Assembly.GetTypes()
            .Select(t => t.GetCustomAttributes(typeof(Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute), false).Cast<Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute>().FirstOrDefault()?.Id)
            .OfType<string>()
            .Max(StringComparer.Ordinal) ?? "none";

    /// <summary>The app's services on <paramref name="path"/> (deleted on dispose unless <paramref name="keep"/>), initialized, logging nothing, as an admin.</summary>
    private static Task<ServiceTestHost> StartHostAsync(string path, bool keep = false) => ServiceTestHost.StartAsync(new ServiceTestHostOptions
    {
        DatabasePath = path,
        KeepDatabase = keep,
        EnvironmentName = "Benchmark",
        Logging = logging => logging.ClearProviders(),
        Caller = TestCaller.Named("benchmark-admin", Roles.Admin),
    });

    [GlobalCleanup]
    public void Cleanup() => _host.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public Task<QueryRowsPage> FirstPage() =>
        _service.GetQueryPageAsync(new QueryPageRequest(_datasetId));

    [Benchmark]
    public Task<QueryRowsPage> FirstPage_SearchCommonTerm() =>
        _service.GetQueryPageAsync(new QueryPageRequest(_datasetId, Search: CommonTerm));

    [Benchmark]
    public Task<QueryRowsPage> FirstPage_SearchRareTerm() =>
        _service.GetQueryPageAsync(new QueryPageRequest(_datasetId, Search: RareTerm));

    [Benchmark]
    public Task<QueryRowsPage> FirstPage_SearchTwoWordsPrefix() =>
        _service.GetQueryPageAsync(new QueryPageRequest(_datasetId, Search: "how dang"));

    [Benchmark]
    public Task<QueryRowsPage> FirstPage_CategoryFilter() =>
        _service.GetQueryPageAsync(new QueryPageRequest(_datasetId, CategoryIds: [19]));

    [Benchmark]
    public Task<QueryRowsPage> FirstPage_SearchAndCategoryFilter() =>
        _service.GetQueryPageAsync(new QueryPageRequest(_datasetId, Search: CommonTerm, CategoryIds: [19, 41]));

    [Benchmark]
    public Task<QueryRowsPage> FirstPage_SortedByPromptLength() =>
        _service.GetQueryPageAsync(new QueryPageRequest(_datasetId, Sort: QuerySort.PromptLength, Descending: true));

    [Benchmark]
    public Task<QueryRowsPage> FirstPage_SearchSortedByPromptLength() =>
        _service.GetQueryPageAsync(new QueryPageRequest(_datasetId, Search: CommonTerm, Sort: QuerySort.PromptLength, Descending: true));

    [Benchmark]
    public Task<QueryRowsPage> FirstPage_WithResponsesSortedByPrompt() =>
        _service.GetQueryPageAsync(new QueryPageRequest(_datasetId, HasResponses: true, Sort: QuerySort.Prompt));

    [Benchmark]
    public Task<IReadOnlyList<DatasetSummary>> DatasetsList() => _datasets.ListAsync();

    private static readonly string[] Words =
    [
        "how", "what", "why", "can", "should", "would", "explain", "describe", "safely", "legal", "history", "people",
        "common", "methods", "household", "medicine", "dosage", "security", "system", "network", "password", "bank",
        "fraud", "detect", "prevent", "story", "novel", "character", "weapon", "museum", "ancient", "military", "tactics",
        "dangerous", "toxic", "plants", "garden", "pest", "control", "fire", "smoke", "alarm", "lock", "door", "car",
        "engine", "police", "evidence", "forensic", "investigation", "privacy", "data", "social", "media", "rumor",
        "election", "campaign", "advertising", "claims", "diet", "fasting", "exercise", "injury", "anatomy", "nurse",
        "doctor", "patient", "overdose", "symptoms", "emergency", "teacher", "students", "school", "children", "parents",
    ];

    private static async Task<int> FillAsync(IDbContextFactory<AppDbContext> dbFactory)
    {
        var random = new Random(20261130);
        var instruct = Paragraphs(random, 4_000);
        var reasoning = Paragraphs(random, 3_000);
        var solution = Paragraphs(random, 2_000);

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.Datasets.Add(new Dataset { Name = "train-shaped", Source = "benchmark" });
            await db.SaveChangesAsync();
        }
        int datasetId;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            datasetId = await db.Datasets.Select(d => d.Id).SingleAsync();
        }

        const int batch = 1_000;
        for (var start = 0; start < Rows; start += batch)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < start + batch; i++)
            {
                var prompt = Prompt(random, i);
                db.Queries.Add(new Query
                {
                    DatasetId = datasetId,
                    Ordinal = i,
                    Prompt = prompt,
                    PromptHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prompt))),
                    CategoryId = 1 + (i * 7 % 46),
                    // Train rows carry responses; one in ten here does not, so the filter has work to do.
                    InstructResponse = i % 10 == 0 ? null : instruct[i % instruct.Length],
                    CotReasoning = i % 10 == 0 ? null : reasoning[i % reasoning.Length],
                    CotSolution = i % 10 == 0 ? null : solution[i % solution.Length],
                    HasResponses = i % 10 != 0,
                    MetadataJson = i % 3 == 0 ? $$"""{"seed_prompt":"seed {{i}}","validator_votes":[1,0,1]}""" : null,
                    SourceLine = i + 1,
                });
            }
            await db.SaveChangesAsync();
        }
        return datasetId;
    }

    private static string Prompt(Random random, int i)
    {
        var words = Enumerable.Range(0, random.Next(15, 61)).Select(_ => Words[random.Next(Words.Length)]).ToList();
        if (i % 12 == 0)
        {
            words.Insert(random.Next(words.Count), CommonTerm);
        }
        if (i % 400 == 7)
        {
            words.Insert(random.Next(words.Count), RareTerm);
        }
        words.Add($"case{i}");
        return string.Join(' ', words) + "?";
    }

    private static string[] Paragraphs(Random random, int length) =>
        [.. Enumerable.Range(0, 16).Select(_ =>
        {
            var text = new StringBuilder("## Understanding the context\n\n");
            while (text.Length < length)
            {
                text.Append(Words[random.Next(Words.Length)]).Append(random.Next(12) == 0 ? ".\n\n" : " ");
            }
            return text.ToString();
        })];
}
