using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data;
using FalseReject.Web.Security;

namespace FalseReject.Web.Features.Datasets;

/// <summary>
/// The one dataset listing: every door (the datasets page, the runs page's dataset choice,
/// <c>GET /api/datasets</c>, <c>datasets list</c>) reads the datasets here. The caller must
/// satisfy the Research policy.
/// </summary>
public sealed class DatasetService(
    IDbContextFactory<AppDbContext> dbFactory,
    ICurrentCaller caller)
{
    /// <summary>Every dataset by name, with its query counts per category and with responses.</summary>
    public Task<IReadOnlyList<DatasetSummary>> ListAsync(CancellationToken ct = default) => SummariesAsync(null, ct);

    /// <summary>One dataset by its (trimmed) name, or null.</summary>
    public async Task<DatasetSummary?> GetByNameAsync(string name, CancellationToken ct = default) =>
        (await SummariesAsync(name.Trim(), ct)).FirstOrDefault();

    /// <summary>The dataset names in order (what a run can be imported into).</summary>
    public async Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken ct = default)
    {
        await caller.RequireAsync(Policies.Research, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Datasets.AsNoTracking().OrderBy(d => d.Name).Select(d => d.Name).ToListAsync(ct);
    }

    private async Task<IReadOnlyList<DatasetSummary>> SummariesAsync(string? name, CancellationToken ct)
    {
        await caller.RequireAsync(Policies.Research, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var datasets = await db.Datasets.AsNoTracking()
            .Where(d => name == null || d.Name == name)
            .OrderBy(d => d.Name)
            .Select(d => new
            {
                d.Id,
                d.Name,
                d.Description,
                d.Source,
                d.CreatedAt,
                CreatedBy = d.CreatedBy == null ? null : d.CreatedBy.DisplayName ?? d.CreatedBy.Email,
            })
            .ToListAsync(ct);
        if (datasets.Count == 0)
        {
            return [];
        }

        // Both groupings read the (DatasetId, CategoryId) and (DatasetId, HasResponses) indexes only.
        var ids = datasets.Select(d => d.Id).ToList();
        var queries = db.Queries.AsNoTracking().Where(q => name == null || ids.Contains(q.DatasetId));
        var perCategory = await queries
            .GroupBy(q => new { q.DatasetId, q.CategoryId })
            .Select(g => new { g.Key.DatasetId, g.Key.CategoryId, Count = g.Count() })
            .ToListAsync(ct);
        var withResponses = await queries
            .Where(q => q.HasResponses)
            .GroupBy(q => q.DatasetId)
            .Select(g => new { DatasetId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.DatasetId, x => x.Count, ct);

        var categoriesByDataset = perCategory.ToLookup(x => x.DatasetId);
        return [.. datasets.Select(d =>
        {
            var categories = categoriesByDataset[d.Id]
                .OrderBy(c => c.CategoryId)
                .Select(c => new CategoryCount(c.CategoryId, QueryBrowseService.CategoryName(c.CategoryId), c.Count))
                .ToList();
            return new DatasetSummary(
                d.Id, d.Name, d.Description, d.Source, d.CreatedAt, d.CreatedBy,
                categories.Sum(c => c.Count), withResponses.GetValueOrDefault(d.Id), categories);
        })];
    }
}
