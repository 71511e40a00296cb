using FalseReject.Web.Statistics;

namespace FalseReject.Web.Components.Charts;

/// <summary>
/// A symmetric matrix of a coefficient between raters (pairwise κ): <see cref="Values"/>[row][column]
/// is null on the diagonal and where the coefficient is undefined; <see cref="Hover"/> says the value
/// and its N, or why it is undefined. <see cref="Keys"/> identify the raters (user ids) for clicks.
/// </summary>
public sealed record PairMatrixData(
    IReadOnlyList<string> Names,
    IReadOnlyList<string> Keys,
    IReadOnlyList<IReadOnlyList<double?>> Values,
    IReadOnlyList<IReadOnlyList<string>> Hover);

/// <summary>A clicked off-diagonal cell of a <see cref="PairMatrixData"/>: the two raters' keys.</summary>
public sealed record PairCell(string RowKey, string ColumnKey);

/// <summary>
/// One bar with an optional interval (error bar) and a series it belongs to (bars of one series
/// share a colour and a legend entry, e.g. "α" and "share of unanimous items").
/// </summary>
public sealed record IntervalBarRecord(string Label, int Key, double Value, Interval? Interval, string Series, string Hover);
