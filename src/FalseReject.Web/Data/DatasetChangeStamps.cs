using FalseReject.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace FalseReject.Web.Data;

/// <summary>
/// The per-dataset change stamp (<see cref="Dataset.RunsVersion"/>) that caches in any process compare
/// against: whoever changes a dataset's runs bumps it inside the same transaction.
/// </summary>
public static class DatasetChangeStamps
{
    /// <summary>Bumps a dataset's stamp; call it inside the transaction that changes its runs.</summary>
    public static Task BumpRunsVersionAsync(this AppDbContext db, int datasetId, CancellationToken cancellationToken = default) =>
        db.Datasets.Where(d => d.Id == datasetId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.RunsVersion, d => d.RunsVersion + 1), cancellationToken);

    /// <summary>Every dataset's stamp: one small query, cheap enough to run on each request.</summary>
    public static async Task<IReadOnlyDictionary<int, long>> ReadRunsVersionsAsync(this AppDbContext db, CancellationToken cancellationToken = default) =>
        await db.Datasets.AsNoTracking().Select(d => new { d.Id, d.RunsVersion }).ToDictionaryAsync(d => d.Id, d => d.RunsVersion, cancellationToken);
}
