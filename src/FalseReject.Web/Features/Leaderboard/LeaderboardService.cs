using System.Globalization;
using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Security;
using FalseReject.Web.Statistics;

namespace FalseReject.Web.Features.Leaderboard;

/// <summary>
/// Computes leaderboards: per run the counts of the three classes and of unjudged, Compliance Rate,
/// USR and refusal rate with Wilson intervals, the same per category, and ranks with ties among the
/// entries in view. Per-dataset metrics are cached (<see cref="LeaderboardCache"/>); filters and
/// ranks are applied per request.
/// </summary>
public sealed class LeaderboardService(IDbContextFactory<AppDbContext> dbFactory, LeaderboardCache cache, ICurrentCaller caller)
{
    private static readonly IReadOnlyDictionary<int, string> CategoryNames = CategoryCatalog.All.ToDictionary(c => c.Id, c => c.Name);

    public async Task<LeaderboardView> GetAsync(LeaderboardFilter filter, CancellationToken cancellationToken = default)
    {
        await caller.RequireAsync(Policies.Research, cancellationToken);
        IReadOnlyDictionary<int, long> stamps;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            stamps = await db.ReadRunsVersionsAsync(cancellationToken);
        }
        var listStamp = string.Join(';', stamps.OrderBy(s => s.Key).Select(s => $"{s.Key}:{s.Value}"));
        var datasets = await cache.GetOrLoadAsync(LeaderboardCache.DatasetListKey, listStamp, () => LoadDatasetsAsync(cancellationToken));
        var dataset = filter.Dataset is { Length: > 0 } name
            ? datasets.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal))
            : datasets.FirstOrDefault(d => d.Runs > 0 && d.IsReference) ?? datasets.FirstOrDefault(d => d.Runs > 0) ?? datasets.FirstOrDefault();
        if (dataset is null)
        {
            return new LeaderboardView(filter, null, datasets, [], []);
        }

        var runs = await cache.GetOrLoadAsync(dataset.Id, stamps.GetValueOrDefault(dataset.Id).ToString(CultureInfo.InvariantCulture), () => LoadRunsAsync(dataset.Id, cancellationToken));
        var entries = Filter(runs, filter).ToList();
        entries = Rank(entries);
        if (dataset.IsReference && filter.ShowReported)
        {
            entries.AddRange(ReportedResults.All
                .Where(r => (filter.OpenWeights is not { } open || r.OpenWeights == open) && (filter.Reasoning is not { } reasoning || r.Reasoning == reasoning))
                .Select(r => new LeaderboardEntry
                {
                    Model = r.Model,
                    OpenWeights = r.OpenWeights,
                    Reasoning = r.Reasoning,
                    Reported = true,
                    ComplianceRate = r.ComplianceRate,
                    Usr = r.Usr,
                }));
        }

        var ordered = Order(entries, filter.Sort);
        var categories = runs.SelectMany(r => r.Categories).Select(c => c.CategoryId).Distinct().Order()
            .Select(id => (id, CategoryNames.GetValueOrDefault(id, $"Category {id}"))).ToList();
        return new LeaderboardView(filter, dataset, datasets, ordered, categories);
    }

    /// <summary>The API's view: every entry of one dataset (reported ones included), ranked by Compliance Rate.</summary>
    public async Task<IReadOnlyList<LeaderboardApiEntry>?> GetForApiAsync(string dataset, CancellationToken cancellationToken = default)
    {
        var view = await GetAsync(new LeaderboardFilter { Dataset = dataset }, cancellationToken);
        return view.Dataset is null ? null : [.. view.Entries.Select(LeaderboardApiEntry.From)];
    }

    /// <summary>An Admin marks (or unmarks) a dataset as the FalseReject-Test split, whose leaderboard shows the paper's results.</summary>
    public async Task SetReferenceAsync(int datasetId, bool isReference, CancellationToken cancellationToken = default)
    {
        var me = await caller.RequireAsync(Policies.Administer, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Datasets.AnyAsync(d => d.Id == datasetId, cancellationToken))
        {
            throw new KeyNotFoundException($"There is no dataset {datasetId}.");
        }
        var existing = await db.RunReferenceDatasets.FindAsync([datasetId], cancellationToken);
        if (isReference && existing is null)
        {
            var userId = me.Id;
            db.RunReferenceDatasets.Add(new RunReferenceDataset
            {
                DatasetId = datasetId,
                MarkedById = userId is not null && await db.Users.AnyAsync(u => u.Id == userId, cancellationToken) ? userId : null,
            });
        }
        else if (!isReference && existing is not null)
        {
            db.RunReferenceDatasets.Remove(existing);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await db.BumpRunsVersionAsync(datasetId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    internal static IEnumerable<LeaderboardEntry> Filter(IEnumerable<LeaderboardEntry> runs, LeaderboardFilter filter) => runs.Where(r =>
        (filter.OpenWeights is not { } open || r.OpenWeights == open)
        && (filter.Reasoning is not { } reasoning || r.Reasoning == reasoning)
        && (filter.From is not { } from || r.RunDate >= from)
        && (filter.To is not { } to || r.RunDate <= to));

    /// <summary>Ranks among the given runs, by each metric: 1 + the number whose interval lies entirely above.</summary>
    internal static List<LeaderboardEntry> Rank(List<LeaderboardEntry> runs)
    {
        var byCr = Ranking.Rank([.. runs.Select(r => r.ComplianceRateCi)]);
        var byUsr = Ranking.Rank([.. runs.Select(r => r.UsrCi)]);
        return [.. runs.Select((r, i) => r with { RankByComplianceRate = byCr[i], RankByUsr = byUsr[i] })];
    }

    internal static List<LeaderboardEntry> Order(IEnumerable<LeaderboardEntry> entries, LeaderboardSort sort)
    {
        Func<LeaderboardEntry, double?> value = sort == LeaderboardSort.Usr ? e => e.Usr : e => e.ComplianceRate;
        return [.. entries
            .OrderBy(e => value(e) is null)
            .ThenByDescending(e => value(e))
            .ThenBy(e => e.Reported)
            .ThenBy(e => e.Model, StringComparer.OrdinalIgnoreCase)];
    }

    private async Task<IReadOnlyList<DatasetOption>> LoadDatasetsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var references = await db.RunReferenceDatasets.Select(r => r.DatasetId).ToListAsync(cancellationToken);
        var rows = await db.Datasets.AsNoTracking().OrderBy(d => d.Name)
            .Select(d => new { d.Id, d.Name, Runs = db.Runs.Count(r => r.DatasetId == d.Id) })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(d => new DatasetOption(d.Id, d.Name, d.Runs, references.Contains(d.Id)))];
    }

    private async Task<IReadOnlyList<LeaderboardEntry>> LoadRunsAsync(int datasetId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var runs = await db.Runs.AsNoTracking()
            .Where(r => r.DatasetId == datasetId)
            .Select(r => new
            {
                r.Id,
                r.RunDate,
                r.JudgeModel,
                r.IsSyntheticDemo,
                Model = r.Model!.Name,
                r.Model.Provider,
                r.Model.OpenWeights,
                r.Model.Reasoning,
            })
            .ToListAsync(cancellationToken);
        var counts = await db.RunItems.AsNoTracking()
            .Where(i => i.Run!.DatasetId == datasetId)
            .GroupBy(i => new { i.RunId, i.CategoryId, i.Class })
            .Select(g => new CountRow(g.Key.RunId, g.Key.CategoryId, g.Key.Class, g.Count()))
            .ToListAsync(cancellationToken);
        var byRun = counts.ToLookup(c => c.RunId);

        return [.. runs.Select(r =>
        {
            var (total, categories) = Aggregate(byRun[r.Id]);
            var metrics = ResponseMetrics.Compute(total);
            return new LeaderboardEntry
            {
                RunId = r.Id,
                Model = r.Model,
                Provider = r.Provider,
                OpenWeights = r.OpenWeights,
                Reasoning = r.Reasoning,
                SyntheticDemo = r.IsSyntheticDemo,
                RunDate = r.RunDate,
                JudgeModel = r.JudgeModel,
                Metrics = metrics,
                ComplianceRate = metrics.ComplianceRate.Value,
                Usr = metrics.UsefulSafetyRate.Value,
                Categories = [.. categories.Select(c => new CategoryBreakdown(c.Key, CategoryNames.GetValueOrDefault(c.Key, $"Category {c.Key}"), ResponseMetrics.Compute(c.Value)))],
            };
        })];
    }

    /// <summary>One group of a run's items: (run, category, class or unjudged) and how many.</summary>
    public readonly record struct CountRow(int RunId, int CategoryId, ResponseClass? Class, int Count);

    /// <summary>Adds a run's (category, class) counts up to the run's counts and its counts per category (ascending ids).</summary>
    public static (ResponseCounts Total, SortedDictionary<int, ResponseCounts> PerCategory) Aggregate(IEnumerable<CountRow> rows)
    {
        var total = default(ResponseCounts);
        var perCategory = new SortedDictionary<int, ResponseCounts>();
        foreach (var row in rows)
        {
            var add = row.Class switch
            {
                ResponseClass.FullCompliance => new ResponseCounts(row.Count, 0, 0, 0),
                ResponseClass.SafePartialCompliance => new ResponseCounts(0, row.Count, 0, 0),
                ResponseClass.DirectRefusal => new ResponseCounts(0, 0, row.Count, 0),
                _ => new ResponseCounts(0, 0, 0, row.Count),
            };
            total += add;
            perCategory[row.CategoryId] = perCategory.GetValueOrDefault(row.CategoryId) + add;
        }
        return (total, perCategory);
    }
}
