using Plotly.Blazor.Traces;
using FalseReject.Web.Components.Charts;
using FalseReject.Web.Statistics;

namespace FalseReject.Web.Tests.Leaderboard;

/// <summary>The record-to-trace mapping of each chart wrapper.</summary>
public sealed class ChartTracesTests
{
    [Fact]
    public void StackedClassBars_GiveThreeTraces_OfPercentagesOfN_PerModel()
    {
        var traces = ChartTraces.StackedClassBars([new("A", 6, 3, 1), new("B", 0, 0, 4), new("Empty", 0, 0, 0)]);

        Assert.Equal(["Full Compliance", "Safe Partial Compliance", "Direct Refusal"], traces.Cast<Bar>().Select(t => t.Name));
        var fc = (Bar)traces[0];
        Assert.Equal(new object[] { "A", "B", "Empty" }, fc.X);
        Assert.Equal(new object[] { 60.0, 0.0, 0.0 }, fc.Y);
        Assert.Equal(new object[] { 30.0, 0.0, 0.0 }, ((Bar)traces[1]).Y);
        Assert.Equal(new object[] { 10.0, 100.0, 0.0 }, ((Bar)traces[2]).Y);
        Assert.Equal(["6 / 10", "0 / 4", "0 / 0"], fc.TextArray);
        // Each bar sums to 100% of its judged responses.
        Assert.Equal(100.0, traces.Cast<Bar>().Sum(t => (double)t.Y![0]), 9);
    }

    [Fact]
    public void LabeledScatter_HasAsymmetricErrorBarsFromTheIntervals_AndReportedPointsApart()
    {
        var traces = ChartTraces.LabeledScatter(
        [
            new("Run <b>x</b>", 0.4, 0.7, new Interval(0.3, 0.45), new Interval(0.6, 0.9), false),
            new("GPT-4o", 0.72, 0.85, null, null, true),
        ], "Compliance Rate", "USR");

        Assert.Equal(2, traces.Count);
        var runs = (Scatter)traces[0];
        Assert.Equal(new object[] { 0.4 }, runs.X);
        Assert.Equal(new object[] { 0.7 }, runs.Y);
        Assert.Equal(["Run ‹b›x‹/b›"], runs.TextArray); // labels never carry Plotly markup
        Assert.Equal(0.05, (double)runs.ErrorX!.Array![0], 9);
        Assert.Equal(0.1, (double)runs.ErrorX.ArrayMinus![0], 9);
        Assert.Equal(0.2, (double)runs.ErrorY!.Array![0], 9);
        Assert.Equal(0.1, (double)runs.ErrorY.ArrayMinus![0], 9);
        Assert.False(runs.ErrorX.Symmetric);

        var reported = (Scatter)traces[1];
        Assert.Equal("Reported (paper)", reported.Name);
        Assert.Equal(new object[] { 0.72 }, reported.X);
        Assert.Null(reported.ErrorX);
    }

    [Fact]
    public void HeatmapTrace_HasRowsPerEntryColumnsPerCategory_AndClicksMapBackToKeys()
    {
        var data = new HeatmapData(["Violent Crimes", "Medical Advice"], [7, 41],
        [
            new("Model A", 11, [0.5, null], [4, 0]),
            new("Model B", 12, [1.0, 0.25], [2, 8]),
        ]);
        var trace = (HeatMap)Assert.Single(ChartTraces.HeatmapTrace(data, "CR"));

        Assert.Equal(new object[] { "Violent Crimes", "Medical Advice" }, trace.X);
        Assert.Equal(new object[] { "Model A", "Model B" }, trace.Y);
        Assert.Equal(new double?[] { 0.5, null }, (double?[])trace.Z![0]);
        Assert.Equal(new[] { "2", "8" }, (string[])trace.Text![1]);
        Assert.Equal(0m, trace.ZMin);
        Assert.Equal(1m, trace.ZMax);

        Assert.Equal(new HeatmapCell(12, 41), ChartTraces.CellAt(data, "Medical Advice", "Model B"));
        Assert.Null(ChartTraces.CellAt(data, "Nope", "Model B"));
    }
}
