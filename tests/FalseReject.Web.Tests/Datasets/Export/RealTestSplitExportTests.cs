using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;
using FalseReject.Web.Features.Datasets.Export;

namespace FalseReject.Web.Tests.Datasets.Export;

/// <summary>The real FalseReject-Test split (1,187 rows) imported, verified, and exported again.</summary>
public sealed class RealTestSplitExportTests
{
    private const string RealTestSplit = "/work/shared/datasets/falsereject_test.jsonl";

    [FactWhenFileExists(RealTestSplit)]
    public async Task VerifiedBenignExport_OfTheFullyVerifiedTestSplit_IsTheTestSplitItself()
    {
        await using var host = await ServiceTestHost.StartAsync();
        var imported = await host.ImportBytesAsync(await File.ReadAllBytesAsync(RealTestSplit), "FalseReject test");
        Assert.True(imported.Succeeded, string.Join("; ", imported.Problems));
        await host.GetRequiredService<IAnnotationQueueStore>().EnsureItemsAsync(imported.DatasetId);
        await using (var db = await host.CreateDbContextAsync())
        {
            await db.AnnotationItems.Where(i => i.DatasetId == imported.DatasetId && i.TaskType == AnnotationTaskType.QueryLabel)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, AnnotationItemStatus.Settled).SetProperty(i => i.GoldLabel, QueryLabel.Safe)
                    .SetProperty(i => i.SettlementKind, SettlementKind.Unanimous).SetProperty(i => i.SettledAt, DateTimeOffset.UtcNow));
        }

        var exports = host.GetRequiredService<DatasetExportService>();
        var target = (await host.AsAsync(ExportTestStore.Reviewer, () => exports.FindAsync(imported.DatasetId)))!;
        using var stream = new MemoryStream();
        var rows = await host.AsAsync(ExportTestStore.Reviewer, () => exports.WriteAsync(target, ExportKind.VerifiedBenign, ExportFormat.Jsonl, stream));

        // Line for line the same objects as the file (the importer keeps the first of a repeated prompt).
        var original = (await File.ReadAllLinesAsync(RealTestSplit)).Where(l => l.Length > 0).Select(Fields)
            .DistinctBy(r => r.Prompt.Trim()).ToList();
        var exported = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Fields).ToList();
        Assert.Equal(original.Count, rows);
        Assert.Equal(original, exported);
    }

    private static (string Prompt, int Category, string CategoryText) Fields(string line)
    {
        var root = JsonDocument.Parse(line).RootElement;
        Assert.Equal(["prompt", "category", "category_text"], root.EnumerateObject().Select(p => p.Name));
        var category = root.GetProperty("category");
        return (root.GetProperty("prompt").GetString()!,
            category.ValueKind == JsonValueKind.Number ? category.GetInt32() : int.Parse(category.GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            root.GetProperty("category_text").GetString()!);
    }
}
