using FalseReject.Web.Components.Charts;

namespace FalseReject.Web.Features.Leaderboard;

/// <summary>The leaderboard's entries as the chart wrappers' records.</summary>
public static class LeaderboardCharts
{
    /// <summary>A label per run: the model's name, with the run id when a model has several runs in view.</summary>
    public static IReadOnlyDictionary<int, string> Labels(IReadOnlyList<LeaderboardEntry> runs)
    {
        var repeated = runs.GroupBy(r => r.Model).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return runs.Where(r => r.RunId is not null)
            .ToDictionary(r => r.RunId!.Value, r => repeated.Contains(r.Model) ? $"{r.Model} (run {r.RunId})" : r.Model);
    }

    public static IReadOnlyList<ClassShareRecord> ClassShares(IReadOnlyList<LeaderboardEntry> runs, IReadOnlyDictionary<int, string> labels) =>
        [.. runs.Where(r => r.Metrics is not null && r.RunId is not null)
            .Select(r => new ClassShareRecord(labels[r.RunId!.Value], r.Metrics!.Counts.FullCompliance, r.Metrics.Counts.SafePartialCompliance, r.Metrics.Counts.DirectRefusal))];

    public static IReadOnlyList<ScatterRecord> Scatter(IReadOnlyList<LeaderboardEntry> entries, IReadOnlyDictionary<int, string> labels) =>
        [.. entries.Where(e => e.ComplianceRate is not null && e.Usr is not null)
            .Select(e => new ScatterRecord(
                e.RunId is { } id ? labels[id] : e.Model,
                e.ComplianceRate!.Value, e.Usr!.Value, e.ComplianceRateCi, e.UsrCi, e.Reported))];

    public static HeatmapData Heatmap(IReadOnlyList<LeaderboardEntry> runs, IReadOnlyDictionary<int, string> labels, IReadOnlyList<(int Id, string Name)> categories, LeaderboardSort sort) => new(
        [.. categories.Select(c => c.Name)],
        [.. categories.Select(c => c.Id)],
        [.. runs.Where(r => r.RunId is not null).Select(r =>
        {
            var byCategory = r.Categories.ToDictionary(c => c.CategoryId);
            return new HeatmapRow(
                labels[r.RunId!.Value],
                r.RunId.Value,
                [.. categories.Select(c => byCategory.TryGetValue(c.Id, out var b)
                    ? (sort == LeaderboardSort.Usr ? b.Metrics.UsefulSafetyRate.Value : b.Metrics.ComplianceRate.Value)
                    : null)],
                [.. categories.Select(c => byCategory.TryGetValue(c.Id, out var b) ? b.Metrics.N : 0)]);
        })]);
}
