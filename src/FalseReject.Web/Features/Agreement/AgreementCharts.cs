using FalseReject.Web.Components.Charts;
using FalseReject.Web.Statistics;

namespace FalseReject.Web.Features.Agreement;

/// <summary>The pure mapping from the agreement statistics to the page's chart records.</summary>
public static class AgreementCharts
{
    public const string AlphaSeries = "Krippendorff's α (bootstrap 95% CI)";
    public const string UnanimousSeries = "Share of unanimous items (Wilson 95% CI; α undefined)";

    public static readonly IReadOnlyDictionary<string, string> SeriesColors = new Dictionary<string, string>
    {
        [AlphaSeries] = "#1565c0",
        [UnanimousSeries] = "#9e9e9e",
    };

    /// <summary>The annotator × annotator matrix of Cohen's κ: blank (null) on the diagonal and where κ is undefined, the reason in the hover.</summary>
    public static PairMatrixData PairwiseKappa(QueryLabelAgreement labels)
    {
        var raters = labels.Annotators;
        var index = raters.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var values = raters.Select(_ => new double?[raters.Count]).ToArray();
        var hover = raters.Select(_ => Enumerable.Repeat("the same annotator", raters.Count).ToArray()).ToArray();
        foreach (var pair in labels.Pairs)
        {
            int a = index[pair.A.Id], b = index[pair.B.Id];
            var text = AgreementFormat.Kappa(pair.Kappa);
            values[a][b] = values[b][a] = pair.Kappa.Kappa.Value;
            hover[a][b] = hover[b][a] = text;
        }
        return new PairMatrixData(
            [.. raters.Select(r => r.Name)],
            [.. raters.Select(r => r.Id)],
            [.. values.Select(v => (IReadOnlyList<double?>)v)],
            [.. hover.Select(h => (IReadOnlyList<string>)h)]);
    }

    /// <summary>One bar per category with a defined statistic: α where defined, else the share of unanimous items.</summary>
    public static IReadOnlyList<IntervalBarRecord> Categories(IReadOnlyList<CategoryAgreement> categories) =>
    [
        .. categories.Where(c => c.Value is not null).Select(c => new IntervalBarRecord(
            $"{c.CategoryId} · {c.CategoryName}",
            c.CategoryId,
            c.Value!.Value,
            c.Interval,
            c.Shown == CategoryStatistic.Alpha ? AlphaSeries : UnanimousSeries,
            $"{c.CategoryId} · {c.CategoryName}: " + (c.Shown == CategoryStatistic.Alpha
                ? $"α = {AgreementFormat.Number(c.Value.Value)} {AgreementFormat.Interval(c.AlphaInterval)}, {c.Items} items"
                : $"α undefined ({c.Alpha.Alpha.UndefinedReason}); unanimous {c.Unanimous.Successes}/{c.Unanimous.N} items {AgreementFormat.Interval(c.Unanimous.Interval)}"))),
    ];
}
