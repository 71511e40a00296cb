using FalseReject.Web.Statistics;

namespace FalseReject.Web.Components.Charts;

/// <summary>One bar of a 100%-stacked class chart: a model's counts of the three classes (unjudged are not part of the bar).</summary>
public sealed record ClassShareRecord(string Label, int FullCompliance, int SafePartialCompliance, int DirectRefusal)
{
    public int N => FullCompliance + SafePartialCompliance + DirectRefusal;
}

/// <summary>A labeled point with optional intervals on both axes; reported references are drawn apart, without error bars.</summary>
public sealed record ScatterRecord(string Label, double X, double Y, Interval? XInterval, Interval? YInterval, bool Reported);

/// <summary>A heatmap: one row per entry (Key identifies it), one column per category (ColumnKeys), cells null when empty.</summary>
public sealed record HeatmapData(
    IReadOnlyList<string> Columns,
    IReadOnlyList<int> ColumnKeys,
    IReadOnlyList<HeatmapRow> Rows);

public sealed record HeatmapRow(string Label, int Key, IReadOnlyList<double?> Values, IReadOnlyList<int> Ns);

/// <summary>A clicked heatmap cell: the row's and the column's keys.</summary>
public sealed record HeatmapCell(int RowKey, int ColumnKey);
