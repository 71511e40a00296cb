using FalseReject.Web.Components.Charts;
using FalseReject.Web.Features.Agreement;
using FalseReject.Web.Statistics;
using Plotly.Blazor.Traces;

// Not "…Tests.Agreement": that namespace would hide the Statistics.Agreement class from the statistics tests.
namespace FalseReject.Web.Tests.AgreementFeature;

/// <summary>The pure mappings behind the agreement charts and links.</summary>
public sealed class AgreementChartsTests
{
    private static readonly AnnotatorRef Ann = new("id-ann", "Ann");
    private static readonly AnnotatorRef Ben = new("id-ben", "Ben <b>");
    private static readonly AnnotatorRef Cat = new("id-cat", "Cat");

    private static QueryLabelAgreement Labels(params PairAgreement[] pairs) => new(
        3, 6, 0, [Ann, Ben, Cat],
        new PercentAgreementResult(Coefficient.Defined(1), 1, 1),
        new FleissKappaResult(Coefficient.Defined(1), 1, 3, 1, 0.5, true),
        new AlphaResult(Coefficient.Defined(1), 1, 3, 0, 0.5),
        new BootstrapInterval(null, 1, 1, 1, 0.95, "test"),
        pairs, [], []);

    [Fact]
    public void PairMatrixIsSymmetricWithUndefinedCellsBlankAndTheirReasonInTheHover()
    {
        var defined = new KappaResult(Coefficient.Defined(0.5), 4, 0.75, 0.5);
        var undefined = new KappaResult(Coefficient.Undefined(CohensKappa.NoPairs), 0, null, null);
        var data = AgreementCharts.PairwiseKappa(Labels(
            new PairAgreement(Ann, Ben, defined),
            new PairAgreement(Ann, Cat, undefined),
            new PairAgreement(Ben, Cat, defined)));

        Assert.Equal(["Ann", "Ben <b>", "Cat"], data.Names);
        Assert.Equal(["id-ann", "id-ben", "id-cat"], data.Keys);
        Assert.Equal([null, 0.5, null], data.Values[0]);
        Assert.Equal([0.5, null, 0.5], data.Values[1]);
        Assert.Equal("0.500 (N = 4 shared items)", data.Hover[2][1]);
        Assert.Equal("undefined, because no item was labeled by both raters (N = 0 shared items)", data.Hover[2][0]);
        Assert.Equal("the same annotator", data.Hover[1][1]);
    }

    [Fact]
    public void PairHeatmapTraceIsDivergingAroundZeroWithInertLabelsAndHoverOnGaps()
    {
        var data = AgreementCharts.PairwiseKappa(Labels(
            new PairAgreement(Ann, Ben, new KappaResult(Coefficient.Defined(0.5), 4, 0.75, 0.5)),
            new PairAgreement(Ann, Cat, new KappaResult(Coefficient.Undefined("why <i>"), 0, null, null)),
            new PairAgreement(Ben, Cat, new KappaResult(Coefficient.Defined(-0.2), 4, 0.5, 0.6))));

        var trace = Assert.IsType<HeatMap>(Assert.Single(AgreementTraces.PairHeatmap(data, "κ")));

        Assert.Equal((-1m, 0m, 1m), (trace.ZMin, trace.ZMid, trace.ZMax));
        Assert.True(trace.HoverOnGaps);
        Assert.Equal(["Ann", "Ben ‹b›", "Cat"], trace.X!.Cast<string>());
        Assert.Contains("why ‹i›", ((string[])trace.Text![0])[2]);
        Assert.Equal(new PairCell("id-ben", "id-cat"), AgreementTraces.PairAt(data, "Cat", "Ben ‹b›"));
        Assert.Null(AgreementTraces.PairAt(data, "Cat", "Cat"));
    }

    [Fact]
    public void CategoryBarsCarryAsymmetricErrorBarsAndOneSeriesPerStatistic()
    {
        var alphaInterval = new BootstrapInterval(new Interval(0.1, 0.7), 1000, 0, 1, 0.95, null);
        var noInterval = new BootstrapInterval(null, 1000, 1000, 1, 0.95, "all same");
        var percent = new PercentAgreementResult(Coefficient.Defined(1), 2, 2);
        CategoryAgreement[] categories =
        [
            new(7, "Violent Crimes", 4, 11, percent, new AlphaResult(Coefficient.Defined(0.5), 4, 11, 0.2, 0.4), alphaInterval, Proportion.Of(2, 4), CategoryStatistic.Alpha),
            new(10, "Property Crimes", 3, 6, percent, new AlphaResult(Coefficient.Undefined(KrippendorffAlpha.NoExpectedDisagreement), 2, 5, null, null), noInterval, Proportion.Of(2, 2), CategoryStatistic.UnanimousShare),
            new(12, "Impersonation", 1, 1, percent, new AlphaResult(Coefficient.Undefined(KrippendorffAlpha.NoPairableUnits), 0, 0, null, null), noInterval, Proportion.Of(0, 0), CategoryStatistic.None),
        ];

        var records = AgreementCharts.Categories(categories);
        var traces = AgreementTraces.IntervalBars(records, AgreementCharts.SeriesColors).Cast<Bar>().ToList();

        Assert.Equal([7, 10], records.Select(r => r.Key));
        Assert.Equal([AgreementCharts.AlphaSeries, AgreementCharts.UnanimousSeries], traces.Select(t => t.Name));
        var alpha = traces[0];
        Assert.Equal([0.5], alpha.Y!.Cast<double>());
        Assert.Equal(0.2, (double)alpha.ErrorY!.Array![0], 9);
        Assert.Equal(0.4, (double)alpha.ErrorY.ArrayMinus![0], 9);
        Assert.Equal(7, AgreementTraces.BarAt(records, "7 · Violent Crimes"));
        Assert.Contains("α undefined", records[1].Hover);
    }

    [Fact]
    public void ItemsFilterRoundTripsThroughItsUrl()
    {
        var filter = new AgreementItemsFilter("my set&more", 7, "user 1", "a", "b", "cot.4", Settled: true);

        var url = filter.ToUrl();

        Assert.Equal("agreement/items?dataset=my%20set%26more&category=7&annotator=user%201&pair=a,b&rubric=cot.4&settled=true", url);
        Assert.Equal(filter, AgreementItemsFilter.Parse("my set&more", 7, "user 1", "a,b", "cot.4", true));
        Assert.Null(AgreementItemsFilter.Parse("d", null, null, "only-one", null, null).PairA);
        Assert.Equal(new RubricKey(true, 4), RubricKey.Parse("cot.4"));
        Assert.Null(RubricKey.Parse("cot.5"));
        Assert.Null(RubricKey.Parse("other.1"));
    }
}
