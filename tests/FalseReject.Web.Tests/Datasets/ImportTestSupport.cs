using System.Text;
using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Features.Datasets.Import;
using FalseReject.Web.Security;

namespace FalseReject.Web.Tests.Datasets;

/// <summary>Actors, imports from strings, and what is in the store afterwards.</summary>
internal static class ImportTestSupport
{
    public static Caller Actor(params string[] roles) => TestCaller.Named("importer-under-test", roles);

    public static Caller Admin => Actor(Roles.Admin);

    public static async Task<DatasetImportResult> ImportTextAsync(this ServiceTestHost host, string content, string name = "under test",
        ImportFormat format = ImportFormat.Jsonl, Caller? actor = null, string? description = null, bool ignoreCase = false) =>
        await host.ImportBytesAsync(Encoding.UTF8.GetBytes(content), name, format, actor, description, ignoreCase);

    public static async Task<DatasetImportResult> ImportBytesAsync(this ServiceTestHost host, byte[] content, string name = "under test",
        ImportFormat format = ImportFormat.Jsonl, Caller? actor = null, string? description = null, bool ignoreCase = false)
    {
        using var stream = new MemoryStream(content);
        return await host.AsAsync(actor ?? Admin, () => host.GetRequiredService<DatasetImportService>()
            .ImportAsync(stream, new DatasetImportRequest(name, description, Format: format, IgnoreCase: ignoreCase)));
    }

    public static async Task<(int Datasets, int Queries)> CountRowsAsync(this ServiceTestHost host)
    {
        await using var db = await host.CreateDbContextAsync();
        return (await db.Datasets.CountAsync(), await db.Queries.CountAsync());
    }
}

/// <summary>A fact that is skipped, with a reason, when a file it needs is not on this machine.</summary>
public sealed class FactWhenFileExistsAttribute : FactAttribute
{
    public FactWhenFileExistsAttribute(string path)
    {
        if (!File.Exists(path))
        {
            Skip = $"{path} is not on this machine (the shared FalseReject test split; it is never copied into the repository).";
        }
    }
}
