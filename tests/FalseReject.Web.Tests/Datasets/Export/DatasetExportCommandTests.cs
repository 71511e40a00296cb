using System.Text.Json;
using FalseReject.Web.Tests.Cli;

namespace FalseReject.Web.Tests.Datasets.Export;

/// <summary><c>datasets export</c> against a real store file seeded with <see cref="ExportTestStore"/>.</summary>
[Collection(CliCollection.Name)]
public sealed class DatasetExportCommandTests() : CliStoreTest(), IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("falsereject-cli-export-").FullName;

    public async Task InitializeAsync()
    {
        // The app's services on the CLI's own store file, to build the annotation state by hand.
        await using var host = await ServiceTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = $"Data Source={DatabasePath}",
        });
        await ExportTestStore.SeedAsync(host);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Directory.Delete(_folder, recursive: true);
    }

    private string PathOf(string name) => Path.Combine(_folder, name);

    [Fact]
    public async Task DatasetsExport_VerifiedBenignJsonl_WritesTheFalseRejectTestSchema_AndReimports()
    {
        var file = PathOf("verified.jsonl");

        var (exit, output) = await RunAsync("datasets", "export", ExportTestStore.DatasetName, "--out", file, "--format", "jsonl", "--kind", "verified-benign");

        Assert.Equal(0, exit);
        Assert.Contains($"Exported 4 verified benign queries of '{ExportTestStore.DatasetName}' (verified-benign, jsonl) to {file}.", output);
        var lines = (await File.ReadAllLinesAsync(file)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(ExportTestStore.VerifiedBenign.Select(q => q.Prompt), lines.Select(l => l.GetProperty("prompt").GetString()));
        Assert.All(lines, l => Assert.Equal(["prompt", "category", "category_text"], l.EnumerateObject().Select(p => p.Name)));
        Assert.False(File.Exists(file + ".partial"));

        (exit, output) = await RunAsync("datasets", "import", file, "--name", "verified copy");
        Assert.Equal(0, exit);
        Assert.Contains("Imported 4 queries into the new dataset 'verified copy'", output);
    }

    [Fact]
    public async Task DatasetsExport_TakesTheFormatFromTheExtension_AndDefaultsToTheFullKind()
    {
        var file = PathOf("everything.csv");

        var (exit, output) = await RunAsync("datasets", "export", ExportTestStore.DatasetName, "--out", file);

        Assert.Equal(0, exit);
        Assert.Contains("Exported 8 queries", output);
        Assert.Contains("(full, csv)", output);
        Assert.StartsWith("prompt,category,category_text,instruct_response,", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatasetsExport_EscapesFormulaLookingCsvCells_UnlessCsvRaw()
    {
        var escaped = PathOf("escaped.csv");
        var raw = PathOf("raw.csv");

        Assert.Equal(0, (await RunAsync("datasets", "export", ExportTestStore.DatasetName, "--out", escaped)).Exit);
        Assert.Equal(0, (await RunAsync("datasets", "export", ExportTestStore.DatasetName, "--out", raw, "--csv-raw")).Exit);

        Assert.Contains("\r\n\"'=HYPERLINK(\"\"http://example.org\"\"", await File.ReadAllTextAsync(escaped), StringComparison.Ordinal);
        Assert.Contains("\r\n\"=HYPERLINK(\"\"http://example.org\"\"", await File.ReadAllTextAsync(raw), StringComparison.Ordinal);
        var (exit, output) = await RunAsync("datasets", "import", raw, "--name", "raw copy");
        Assert.Equal(0, exit);
        Assert.Contains("Imported 8 queries into the new dataset 'raw copy'", output);
    }

    [Fact]
    public async Task DatasetsExport_ExitsNonZero_AndWritesNoFile_ForAnUnknownDatasetFormatOrKind()
    {
        var file = PathOf("out.jsonl");

        Assert.Equal(1, (await RunAsync("datasets", "export", "no such dataset", "--out", file)).Exit);
        Assert.Equal(2, (await RunAsync("datasets", "export", ExportTestStore.DatasetName, "--out", file, "--format", "xml")).Exit);
        Assert.Equal(2, (await RunAsync("datasets", "export", ExportTestStore.DatasetName, "--out", file, "--kind", "benign")).Exit);
        Assert.Equal(2, (await RunAsync("datasets", "export", ExportTestStore.DatasetName, "--out", PathOf("out.txt"))).Exit);
        Assert.NotEqual(0, (await RunAsync("datasets", "export", ExportTestStore.DatasetName)).Exit); // --out is required

        Assert.Empty(Directory.GetFiles(_folder));
    }
}
