using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Security;

namespace FalseReject.Web.Features.Datasets;

/// <summary>
/// Lists datasets with their row counts. The caller must satisfy the Research policy.
/// </summary>
public sealed class DatasetService(
    IDbContextFactory<AppDbContext> dbFactory,
    ICurrentCaller caller)
{
    public async Task<IReadOnlyList<DatasetSummary>> ListAsync(CancellationToken ct = default)
    {
        await caller.RequireAsync(Policies.Research, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Summaries(db.Datasets.OrderBy(d => d.Name)).ToListAsync(ct);
    }

    public async Task<DatasetSummary?> GetByNameAsync(string name, CancellationToken ct = default)
    {
        await caller.RequireAsync(Policies.Research, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var trimmed = name.Trim();
        return await Summaries(db.Datasets.Where(d => d.Name == trimmed)).FirstOrDefaultAsync(ct);
    }

    private static IQueryable<DatasetSummary> Summaries(IQueryable<Dataset> datasets) =>
        datasets.AsNoTracking().Select(d => new DatasetSummary(
            d.Id,
            d.Name,
            d.Description,
            d.Source,
            d.CreatedAt,
            d.CreatedBy == null ? null : d.CreatedBy.Email,
            d.Queries.Count(),
            d.Queries.Count(q => q.HasResponses)));
}
