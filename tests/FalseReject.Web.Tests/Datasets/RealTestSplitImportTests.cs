using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data;
using FalseReject.Web.Features.Datasets.Import;

namespace FalseReject.Web.Tests.Datasets;

/// <summary>The importer on the real FalseReject test split, when the shared copy is present.</summary>
public sealed class RealTestSplitImportTests
{
    private const string TestSplit = "/work/shared/datasets/falsereject_test.jsonl";

    [FactWhenFileExists(TestSplit)]
    public async Task ImportsAll1187Rows_WithTheCategoryCountsOfTheFile()
    {
        var expected = new Dictionary<int, int>();
        var lines = 0;
        foreach (var line in await File.ReadAllLinesAsync(TestSplit))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            lines++;
            using var row = JsonDocument.Parse(line);
            var category = row.RootElement.GetProperty("category");
            var id = category.ValueKind == JsonValueKind.Number ? category.GetInt32() : int.Parse(category.GetString()!);
            expected[id] = expected.GetValueOrDefault(id) + 1;
        }
        Assert.Equal(1187, lines);

        await using var host = await ServiceTestHost.StartAsync();
        await using var file = File.OpenRead(TestSplit);
        long progress = 0;
        var result = await host.AsAsync(ImportTestSupport.Admin, () => host.GetRequiredService<DatasetImportService>().ImportAsync(file,
            new DatasetImportRequest("FalseReject test", FileName: "test.jsonl"), new SyncProgress(b => progress = b)));

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        Assert.True(result.CreatedDataset);
        Assert.Equal(1187, result.Imported);
        Assert.Equal(0, result.DuplicatesSkipped);
        Assert.Equal(new FileInfo(TestSplit).Length, progress);

        await using var db = await host.CreateDbContextAsync();
        var dataset = await db.Datasets.SingleAsync();
        Assert.Equal("FalseReject test", dataset.Name);
        Assert.Equal("test.jsonl", dataset.Source);
        var actual = await db.Queries.GroupBy(q => q.CategoryId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        Assert.Equal(expected.OrderBy(kv => kv.Key), actual.OrderBy(kv => kv.Key));
        Assert.Equal(46, actual.Count);
        Assert.Equal(Enumerable.Range(0, 1187), await db.Queries.OrderBy(q => q.Ordinal).Select(q => q.Ordinal).ToListAsync());
        Assert.Equal(Enumerable.Range(1, 1187), await db.Queries.OrderBy(q => q.Ordinal).Select(q => q.SourceLine).ToListAsync());
        Assert.False(await db.Queries.AnyAsync(q => q.HasResponses || q.MetadataJson != null));
        var first = await db.Queries.OrderBy(q => q.Ordinal).FirstAsync();
        Assert.Equal(PromptHash.Compute(first.Prompt), first.PromptHash);
        Assert.True(CategoryCatalog.IsValidId(first.CategoryId));
    }
}

/// <summary>An IProgress that reports synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SyncProgress(Action<long> report) : IProgress<long>
{
    public void Report(long value) => report(value);
}
