using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using FalseReject.TestSupport;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;
using FalseReject.Web.Features.Datasets.Export;
using FalseReject.Web.Features.Datasets.Import;
using FalseReject.Web.Security;

namespace FalseReject.Benchmarks;

/// <summary>
/// <c>export [--rows N]</c>: builds a fresh temp SQLite store with a train-shaped dataset of
/// 16,000 queries (prompt, long instruct and CoT responses, ~150 MB imported through the real
/// importer), a query-label item per query with 3 votes each (90% settled Safe unanimously, 10%
/// disputed 2:1), then runs each export (full and verified-benign, JSONL and CSV) through
/// <see cref="DatasetExportService"/> into a stream that discards the bytes, and prints per export
/// the elapsed time, rows, bytes, bytes allocated, and the largest working set and GC heap seen
/// (two rounds: the first includes JIT and a cold page cache).
/// </summary>
public sealed class ExportDriver : IBenchmarkDriver
{
    public string Verb => "export";

    public string Description => "Export a 16,000-query train-shaped dataset with votes (full and verified-benign, JSONL and CSV); time and memory.";

    public async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var rows = 16_000;
        var rowsAt = Array.IndexOf(args, "--rows");
        if (rowsAt >= 0 && rowsAt + 1 < args.Length)
        {
            rows = int.Parse(args[rowsAt + 1], CultureInfo.InvariantCulture);
        }

        var folder = Directory.CreateTempSubdirectory("falsereject-export-bench-").FullName;
        var database = Path.Combine(folder, "bench.db");
        try
        {
            await using var host = await StartHostAsync(database);
            var setup = Stopwatch.StartNew();
            var datasetId = await SeedAsync(host, folder, rows, cancellationToken);
            await output.WriteLineAsync(FormattableString.Invariant($"store: {rows} queries with responses, {rows * 3} votes, set up in {setup.Elapsed.TotalSeconds:F1} s; database {new FileInfo(database).Length / 1e6:F0} MB"));

            // Two rounds: the first also pays for JIT and for reading the database file into the page cache.
            var exportsToRun = new[] { (ExportKind.Full, ExportFormat.Jsonl), (ExportKind.Full, ExportFormat.Csv), (ExportKind.VerifiedBenign, ExportFormat.Jsonl), (ExportKind.VerifiedBenign, ExportFormat.Csv) };
            foreach (var (round, (kind, format)) in new[] { 1, 2 }.SelectMany(r => exportsToRun.Select(e => (r, e))))
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                var process = Process.GetCurrentProcess();
                process.Refresh();
                var before = process.WorkingSet64;
                var heapBefore = GC.GetTotalMemory(false);
                using var sampler = new MemorySampler();
                var stopwatch = Stopwatch.StartNew();
                int written;
                var sink = new DiscardingStream();
                await using (var scope = host.Services.CreateAsyncScope())
                {
                    var exports = scope.ServiceProvider.GetRequiredService<DatasetExportService>();
                    var target = (await exports.FindAsync(datasetId, cancellationToken))!;
                    written = await exports.WriteAsync(target, kind, format, sink, cancellationToken);
                }
                stopwatch.Stop();
                sampler.Stop();
                await output.WriteLineAsync(FormattableString.Invariant(
                    $"round {round}: {kind.Name(),-15} {format.Name(),-5}: {written,6} rows, {sink.Bytes / 1e6,6:F1} MB in {stopwatch.Elapsed.TotalSeconds,5:F2} s; allocated {sampler.Allocated / 1e6:F0} MB; max working set {sampler.MaxWorkingSet / 1e6:F0} MB (before {before / 1e6:F0} MB); max GC heap {sampler.MaxHeap / 1e6:F0} MB (before {heapBefore / 1e6:F0} MB)"));
            }
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<int> SeedAsync(ServiceTestHost host, string folder, int rows, CancellationToken ct)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(ct);

        var file = Path.Combine(folder, "train-shaped.jsonl");
        await TrainShapedFile.WriteAsync(file, rows, ct);
        DatasetImportResult imported;
        await using (var stream = File.OpenRead(file))
        {
            imported = await services.GetRequiredService<DatasetImportService>().ImportAsync(stream, new DatasetImportRequest("export-bench"), cancellationToken: ct);
        }
        File.Delete(file);
        if (!imported.Succeeded)
        {
            throw new InvalidOperationException("import failed: " + string.Join("; ", imported.Problems));
        }
        await services.GetRequiredService<IAnnotationQueueStore>().EnsureItemsAsync(imported.DatasetId, ct);

        var dbFactory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        string[] annotators;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var users = Enumerable.Range(0, 3).Select(i => new ApplicationUser { UserName = $"bench-{i}@example.org", Email = $"bench-{i}@example.org" }).ToArray();
            db.Users.AddRange(users);
            await db.SaveChangesAsync(ct);
            annotators = [.. users.Select(u => u.Id)];
        }

        var now = DateTimeOffset.UtcNow;
        var items = await LoadItemIdsAsync(dbFactory, imported.DatasetId, ct);
        foreach (var batch in items.Chunk(2000))
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            foreach (var (id, ordinal) in batch)
            {
                var disputed = ordinal % 10 == 0;
                for (var v = 0; v < 3; v++)
                {
                    db.AnnotationVotes.Add(new AnnotationVote
                    {
                        ItemId = id,
                        AnnotatorId = annotators[v],
                        Label = disputed && v == 2 ? QueryLabel.Unsafe : QueryLabel.Safe,
                        ActiveMilliseconds = 3000,
                        CreatedAt = now,
                        UpdatedAt = now,
                    });
                }
            }
            await db.SaveChangesAsync(ct);
        }
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var labelItems = db.AnnotationItems.Where(i => i.DatasetId == imported.DatasetId && i.TaskType == AnnotationTaskType.QueryLabel);
            await labelItems.Where(i => i.Ordinal % 10 == 0).ExecuteUpdateAsync(s => s
                .SetProperty(i => i.VoteCount, 3).SetProperty(i => i.Status, AnnotationItemStatus.Disputed), ct);
            await labelItems.Where(i => i.Ordinal % 10 != 0).ExecuteUpdateAsync(s => s
                .SetProperty(i => i.VoteCount, 3).SetProperty(i => i.Status, AnnotationItemStatus.Settled)
                .SetProperty(i => i.GoldLabel, QueryLabel.Safe).SetProperty(i => i.SettlementKind, SettlementKind.Unanimous)
                .SetProperty(i => i.SettledAt, now), ct);
        }
        return imported.DatasetId;
    }

    private static async Task<List<(long Id, int Ordinal)>> LoadItemIdsAsync(IDbContextFactory<AppDbContext> dbFactory, int datasetId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var items = await db.AnnotationItems.Where(i => i.DatasetId == datasetId && i.TaskType == AnnotationTaskType.QueryLabel)
            .Select(i => new { i.Id, i.Ordinal }).ToListAsync(ct);
        return [.. items.Select(i => (i.Id, i.Ordinal))];
    }

    /// <summary>The app's services on <paramref name="database"/> as in production, not yet initialized (the set-up time includes it), warnings logged, as an admin.</summary>
    private static Task<ServiceTestHost> StartHostAsync(string database) => ServiceTestHost.StartAsync(new ServiceTestHostOptions
    {
        DatabasePath = database,
        EnvironmentName = Environments.Production,
        Settings = new Dictionary<string, string?> { ["Admin:Email"] = "bench@example.org", ["Admin:Password"] = "Bench-Admin-Pass-1" },
        Logging = logging =>
        {
            logging.ClearProviders();
            logging.AddSimpleConsole(o => o.SingleLine = true);
            logging.AddFilter((_, level) => level >= LogLevel.Warning);
        },
        Caller = TestCaller.Named("bench", Roles.Admin),
        Initialize = false,
    });

    /// <summary>Counts what is written and keeps none of it; asynchronous writes only, like a response body.</summary>
    private sealed class DiscardingStream : Stream
    {
        public long Bytes { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Bytes;

        public override long Position { get => Bytes; set => throw new NotSupportedException(); }

        public override void Flush() => throw new InvalidOperationException("synchronous flush");

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("synchronous write");

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Bytes += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
