using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using FalseReject.TestSupport;
using FalseReject.Web.Data;
using FalseReject.Web.Features.Datasets.Import;
using FalseReject.Web.Security;

namespace FalseReject.Benchmarks;

/// <summary>
/// <c>import [--rows N] [--keep]</c>: writes a train-shaped JSONL file (16,000 rows of about
/// 9.5 KB: prompt, category, category_text, a long instruct_response and a cot_response object)
/// to a temp file, streaming, then imports it into a fresh temp SQLite store through
/// <see cref="DatasetImportService"/>, and prints the elapsed time, the file size, the process's
/// peak working set and the GC heap. The bar (issue 3): 5 s and 400 MB on the 2-core machine.
/// </summary>
public sealed class ImportDriver : IBenchmarkDriver
{
    public string Verb => "import";

    public string Description => "Import a generated 16,000-row (~150 MB) train-shaped JSONL file; time and peak memory.";

    public async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var rows = 16_000;
        var keep = args.Contains("--keep");
        var rowsAt = Array.IndexOf(args, "--rows");
        if (rowsAt >= 0 && rowsAt + 1 < args.Length)
        {
            rows = int.Parse(args[rowsAt + 1], CultureInfo.InvariantCulture);
        }

        var folder = Directory.CreateTempSubdirectory("falsereject-import-bench-").FullName;
        var file = Path.Combine(folder, "train-shaped.jsonl");
        var database = Path.Combine(folder, "bench.db");
        try
        {
            var generation = Stopwatch.StartNew();
            await TrainShapedFile.WriteAsync(file, rows, cancellationToken);
            var bytes = new FileInfo(file).Length;
            await output.WriteLineAsync(FormattableString.Invariant(
                $"generated {rows} rows, {bytes / 1e6:F1} MB in {generation.Elapsed.TotalSeconds:F1} s: {file}"));

            await using var host = await StartHostAsync(database, keep);
            await using (var scope = host.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
            }

            // Start the import with a collected heap, so that the figures are the import's.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var before = (WorkingSet: process.WorkingSet64, Peak: process.PeakWorkingSet64, Heap: GC.GetTotalMemory(false));
            using var sampler = new MemorySampler();

            var cpuBefore = process.TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            DatasetImportResult result;
            await using (var scope = host.Services.CreateAsyncScope())
            await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
            {
                result = await scope.ServiceProvider.GetRequiredService<DatasetImportService>().ImportAsync(
                    stream, new DatasetImportRequest("benchmark", FileName: "train-shaped.jsonl"), cancellationToken: cancellationToken);
            }
            stopwatch.Stop();
            sampler.Stop();
            process.Refresh();

            // The import returns once the rows are committed (in the WAL); the app folds the WAL into
            // the database file in the background. Time that too: a TRUNCATE checkpoint waits for it.
            var checkpoint = Stopwatch.StartNew();
            await using (var connection = new SqliteConnection($"Data Source={database}"))
            {
                await connection.OpenAsync(cancellationToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA busy_timeout = 60000; PRAGMA wal_checkpoint(TRUNCATE);";
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            checkpoint.Stop();

            if (!result.Succeeded)
            {
                await output.WriteLineAsync("import FAILED: " + string.Join("; ", result.Problems));
                return 1;
            }
            var seconds = stopwatch.Elapsed.TotalSeconds;
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            var load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg", cancellationToken)).Trim() : "n/a";
            var peak = process.PeakWorkingSet64;
            await output.WriteLineAsync(FormattableString.Invariant($"""
                import: {result.Imported} rows, {bytes / 1e6:F1} MB in {seconds:F2} s ({result.Imported / seconds:F0} rows/s, {bytes / 1e6 / seconds:F0} MB/s); {result.DuplicatesSkipped} duplicates
                WAL folded into the database file (background checkpoint) {checkpoint.Elapsed.TotalSeconds:F2} s after the import returned; database {new FileInfo(database).Length / 1e6:F0} MB
                CPU time of the process during the import: {cpu:F2} s on {Environment.ProcessorCount} cores; load average (1, 5, 15 min ...): {load}
                peak working set (process, Process.PeakWorkingSet64): {peak / 1e6:F0} MB (before the import: working set {before.WorkingSet / 1e6:F0} MB, peak {before.Peak / 1e6:F0} MB)
                during the import (sampled every 20 ms): max working set {sampler.MaxWorkingSet / 1e6:F0} MB, max GC heap {sampler.MaxHeap / 1e6:F0} MB
                GC heap after: {GC.GetTotalMemory(false) / 1e6:F0} MB; allocated during the import: {sampler.Allocated / 1e6:F0} MB; gen0/1/2 collections: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}
                bar: <= 5 s and <= 400 MB peak working set: {(seconds <= 5 && peak <= 400_000_000 ? "MET" : "NOT MET")}
                """));
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (!keep)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>The app's services on <paramref name="database"/> as in production, not yet initialized, warnings and the importer's own lines logged, as an admin.</summary>
    private static Task<ServiceTestHost> StartHostAsync(string database, bool keep) => ServiceTestHost.StartAsync(new ServiceTestHostOptions
    {
        DatabasePath = database,
        KeepDatabase = keep,
        EnvironmentName = Environments.Production,
        Settings = new Dictionary<string, string?> { ["Admin:Email"] = "bench@example.org", ["Admin:Password"] = "Bench-Admin-Pass-1" },
        Logging = logging =>
        {
            logging.ClearProviders();
            logging.AddSimpleConsole(o => o.SingleLine = true);
            logging.AddFilter((category, level) => level >= LogLevel.Warning || (category?.Contains("DatasetImportService", StringComparison.Ordinal) == true && level >= LogLevel.Information));
        },
        Caller = TestCaller.Named("bench", Roles.Admin),
        Initialize = false,
    });
}

/// <summary>
/// Writes rows shaped like the FalseReject train split: a prompt, its category id and name, a
/// four-part instruct response (~4.5 KB) and a CoT response with reasoning (~1.7 KB) and solution
/// (~3 KB), from a fixed seed so every run writes the same file.
/// </summary>
internal static class TrainShapedFile
{
    private static readonly string[] Words =
    [
        "safety", "context", "question", "understand", "legitimate", "research", "risk", "people", "information", "careful",
        "professional", "situation", "consider", "important", "example", "harm", "guidance", "protect", "history", "policy",
        "chemical", "security", "medical", "financial", "legal", "the", "a", "of", "and", "to", "in", "that", "is", "for", "with",
        "this", "can", "be", "on", "as", "or", "it", "are", "when", "how", "why", "what", "which", "their", "these", "often",
        "practical", "educational", "awareness", "responsible", "detail", "explain", "approach", "general", "specific", "process",
    ];

    public static async Task WriteAsync(string path, int rows, CancellationToken cancellationToken)
    {
        var random = new Random(20251130);
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.SequentialScan);
        await using var json = new Utf8JsonWriter(file, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var text = new StringBuilder(8192);
        for (var i = 0; i < rows; i++)
        {
            var category = 1 + (i % CategoryCatalog.MaxId);
            json.WriteStartObject();
            json.WriteString("prompt", $"Query {i}: {Sentence(random, text, 18 + random.Next(30))}?");
            if (i % 3 == 0)
            {
                json.WriteString("category", category.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                json.WriteNumber("category", category);
            }
            json.WriteString("category_text", CategoryCatalog.NameOf(category));
            var solution = FourParts(random, text, 2600);
            json.WriteString("instruct_response", FourParts(random, text, 3900));
            json.WriteStartObject("cot_response");
            json.WriteString("reasoning_content", Paragraphs(random, text, 1500));
            json.WriteString("solution", solution);
            json.WriteEndObject();
            json.WriteEndObject();
            json.Flush();
            json.Reset();
            cancellationToken.ThrowIfCancellationRequested();
            file.WriteByte((byte)'\n');
        }
    }

    private static string FourParts(Random random, StringBuilder text, int length)
    {
        text.Clear();
        string[] headings = ["**Understanding the contexts**", "**The safe context in detail**", "**Where care is needed**", "**In closing**"];
        foreach (var heading in headings)
        {
            text.Append(heading).Append("\n\n");
            AppendWords(random, text, text.Length + length / 4 - heading.Length);
            text.Append(".\n\n- ").Append(Sentence(random, new StringBuilder(), 12)).Append("\n- ").Append(Sentence(random, new StringBuilder(), 10)).Append("\n\n");
        }
        return text.ToString();
    }

    private static string Paragraphs(Random random, StringBuilder text, int length)
    {
        text.Clear();
        AppendWords(random, text, length);
        return text.ToString();
    }

    private static string Sentence(Random random, StringBuilder text, int words)
    {
        text.Clear();
        for (var w = 0; w < words; w++)
        {
            text.Append(w == 0 ? "" : " ").Append(Words[random.Next(Words.Length)]);
        }
        return text.ToString();
    }

    private static void AppendWords(Random random, StringBuilder text, int until)
    {
        var sentence = 0;
        while (text.Length < until)
        {
            text.Append(Words[random.Next(Words.Length)]);
            if (++sentence % 17 == 0)
            {
                text.Append(". ");
            }
            else
            {
                text.Append(' ');
            }
        }
    }
}
