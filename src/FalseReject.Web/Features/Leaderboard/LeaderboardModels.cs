using FalseReject.Web.Statistics;

namespace FalseReject.Web.Features.Leaderboard;

/// <summary>The metric the rank (and the default order) follows.</summary>
public enum LeaderboardSort
{
    ComplianceRate,
    Usr,
}

/// <summary>A leaderboard view: every field comes from the page's query string.</summary>
public sealed record LeaderboardFilter
{
    /// <summary>The dataset's name; the first dataset with runs when null.</summary>
    public string? Dataset { get; init; }

    /// <summary>True: open-weights models only; false: closed only; null: both.</summary>
    public bool? OpenWeights { get; init; }

    /// <summary>True: reasoning models only; false: non-reasoning only; null: both.</summary>
    public bool? Reasoning { get; init; }

    /// <summary>Runs dated on or after this day (reported entries have no run date and are not filtered by it).</summary>
    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    /// <summary>Show the paper's reported results (on a dataset marked as FalseReject-Test).</summary>
    public bool ShowReported { get; init; } = true;

    public LeaderboardSort Sort { get; init; } = LeaderboardSort.ComplianceRate;
}

/// <summary>A category's counts and metrics within one run.</summary>
public sealed record CategoryBreakdown(int CategoryId, string Category, ResponseMetrics Metrics);

/// <summary>
/// One row of the leaderboard: a run with its metrics, or (Reported) a result reported in the paper,
/// which has only its two rates: no counts, no intervals, no rank.
/// </summary>
public sealed record LeaderboardEntry
{
    public int? RunId { get; init; }

    public required string Model { get; init; }

    public string? Provider { get; init; }

    public bool OpenWeights { get; init; }

    public bool Reasoning { get; init; }

    public bool Reported { get; init; }

    /// <summary>A synthetic demo run (made-up model and responses).</summary>
    public bool SyntheticDemo { get; init; }

    public DateOnly? RunDate { get; init; }

    public string? JudgeModel { get; init; }

    /// <summary>Counts and rates with intervals; null for reported entries.</summary>
    public ResponseMetrics? Metrics { get; init; }

    public double? ComplianceRate { get; init; }

    public double? Usr { get; init; }

    public int? RankByComplianceRate { get; init; }

    public int? RankByUsr { get; init; }

    /// <summary>Per category; empty for reported entries.</summary>
    public IReadOnlyList<CategoryBreakdown> Categories { get; init; } = [];

    public int? N => Metrics?.N;

    public Interval? ComplianceRateCi => Metrics?.ComplianceRate.Interval;

    public Interval? UsrCi => Metrics?.UsefulSafetyRate.Interval;

    public double? RefusalRate => Metrics?.RefusalRate.Value;

    public int? Unjudged => Metrics?.Counts.Unjudged;

    public int? RankFor(LeaderboardSort sort) => sort == LeaderboardSort.Usr ? RankByUsr : RankByComplianceRate;
}

public sealed record DatasetOption(int Id, string Name, int Runs, bool IsReference);

/// <summary>A computed leaderboard: the filtered entries in rank order, and what the filters can choose from.</summary>
public sealed record LeaderboardView(
    LeaderboardFilter Filter,
    DatasetOption? Dataset,
    IReadOnlyList<DatasetOption> Datasets,
    IReadOnlyList<LeaderboardEntry> Entries,
    IReadOnlyList<(int Id, string Name)> Categories);

/// <summary>The API's and the JSON download's shape of an entry.</summary>
public sealed record LeaderboardApiEntry(
    string Model,
    int? N,
    int? FullCompliance,
    int? SafePartialCompliance,
    int? DirectRefusal,
    int? Unjudged,
    double? ComplianceRate,
    double[]? ComplianceRateCi,
    double? Usr,
    double[]? UsrCi,
    int? Rank,
    bool Reported)
{
    public int? RunId { get; init; }

    public bool OpenWeights { get; init; }

    public bool Reasoning { get; init; }

    public double? RefusalRate { get; init; }

    public int? RankByUsr { get; init; }

    public string? RunDate { get; init; }

    public bool SyntheticDemo { get; init; }

    public static LeaderboardApiEntry From(LeaderboardEntry e) => new(
        e.Model,
        e.N,
        e.Metrics?.Counts.FullCompliance,
        e.Metrics?.Counts.SafePartialCompliance,
        e.Metrics?.Counts.DirectRefusal,
        e.Unjudged,
        e.ComplianceRate,
        e.ComplianceRateCi is { } c ? [c.Low, c.High] : null,
        e.Usr,
        e.UsrCi is { } u ? [u.Low, u.High] : null,
        e.RankByComplianceRate,
        e.Reported)
    {
        RunId = e.RunId,
        OpenWeights = e.OpenWeights,
        Reasoning = e.Reasoning,
        RefusalRate = e.RefusalRate,
        RankByUsr = e.RankByUsr,
        RunDate = e.RunDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        SyntheticDemo = e.SyntheticDemo,
    };
}
