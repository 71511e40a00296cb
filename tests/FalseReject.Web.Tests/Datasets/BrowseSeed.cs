using System.Security.Cryptography;
using System.Text;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Tests.Datasets;

/// <summary>A query to put in a test dataset (written straight to the store, as the importer would).</summary>
internal sealed record SeedQuery(
    string Prompt,
    int CategoryId,
    string? InstructResponse = null,
    string? CotReasoning = null,
    string? CotSolution = null,
    string? MetadataJson = null);

internal static class BrowseSeed
{
    public static async Task<int> AddDatasetAsync(ServiceTestHost host, string name, params SeedQuery[] queries)
    {
        await using var db = await host.CreateDbContextAsync();
        var dataset = new Dataset { Name = name, Description = $"{name} for tests", Source = $"{name}.jsonl" };
        dataset.Queries.AddRange(queries.Select((q, i) => ToEntity(q, i)));
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync();
        return dataset.Id;
    }

    public static Query ToEntity(SeedQuery q, int ordinal) => new()
    {
        Ordinal = ordinal,
        Prompt = q.Prompt,
        PromptHash = Hash(q.Prompt),
        CategoryId = q.CategoryId,
        InstructResponse = q.InstructResponse,
        CotReasoning = q.CotReasoning,
        CotSolution = q.CotSolution,
        HasResponses = q.InstructResponse is not null || q.CotReasoning is not null || q.CotSolution is not null,
        MetadataJson = q.MetadataJson,
        SourceLine = ordinal + 1,
    };

    public static string Hash(string prompt) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prompt.Trim())));
}
