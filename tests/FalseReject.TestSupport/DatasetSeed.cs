using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;

namespace FalseReject.TestSupport;

/// <summary>A query to put in a test dataset (written straight to the store, as the importer would).</summary>
public sealed record SeedQuery(
    string Prompt,
    int CategoryId,
    string? InstructResponse = null,
    string? CotReasoning = null,
    string? CotSolution = null,
    string? MetadataJson = null);

/// <summary>Datasets of queries (and their annotation settings) written straight to the store, without the importer's rules.</summary>
public static class DatasetSeed
{
    public static async Task<int> AddDatasetAsync(ServiceTestHost host, string name, params SeedQuery[] queries)
    {
        var dataset = new Dataset { Name = name, Description = $"{name} for tests", Source = $"{name}.jsonl" };
        return await AddDatasetAsync(host.GetRequiredService<IDbContextFactory<AppDbContext>>(), dataset, queries);
    }

    /// <summary>Adds <paramref name="dataset"/> with <paramref name="queries"/> (in order), then its <paramref name="settings"/> if given; returns its id.</summary>
    public static async Task<int> AddDatasetAsync(IDbContextFactory<AppDbContext> dbFactory, Dataset dataset, IEnumerable<SeedQuery> queries,
        AnnotationSettings? settings = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        dataset.Queries.AddRange(queries.Select((q, i) => ToEntity(q, i)));
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync(cancellationToken);
        if (settings is not null)
        {
            settings.DatasetId = dataset.Id;
            db.AnnotationSettings.Add(settings);
            await db.SaveChangesAsync(cancellationToken);
        }
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
