using Plotly.Blazor;
using Plotly.Blazor.Traces;

namespace FalseReject.Web.Components.Charts;

/// <summary>The pure mapping from agreement records to Plotly traces (tested without a browser).</summary>
public static class AgreementTraces
{
    /// <summary>
    /// One heatmap trace of the pair matrix on a diverging scale from −1 to 1 (0 = chance agreement,
    /// white). Undefined cells are gaps, drawn blank, whose hover still shows the reason.
    /// </summary>
    public static IList<ITrace> PairHeatmap(PairMatrixData data, string valueName)
    {
        var names = data.Names.Select(n => (object)ChartTraces.SafeLabel(n)).ToList();
        return
        [
            new HeatMap
            {
                X = names,
                Y = names,
                Z = [.. data.Values.Select(row => (object)row.ToArray())],
                Text = [.. data.Hover.Select(row => (object)row.Select(ChartTraces.SafeLabel).ToArray())],
                ZMin = -1m,
                ZMax = 1m,
                ZMid = 0m,
                ColorScale = "RdBu",
                HoverOnGaps = true,
                HoverTemplate = "%{y} × %{x}<br>" + valueName + ": %{text}<extra></extra>",
            },
        ];
    }

    /// <summary>The pair under a click, from the clicked point's x and y labels as drawn; null on the diagonal or outside.</summary>
    public static PairCell? PairAt(PairMatrixData data, string? x, string? y)
    {
        var drawn = data.Names.Select(ChartTraces.SafeLabel).ToList();
        int column = drawn.IndexOf(x ?? ""), row = drawn.IndexOf(y ?? "");
        return column < 0 || row < 0 || column == row ? null : new PairCell(data.Keys[row], data.Keys[column]);
    }

    /// <summary>
    /// One bar trace per series, each bar with asymmetric error bars from its interval (none where
    /// it has no interval), its hover text as given.
    /// </summary>
    public static IList<ITrace> IntervalBars(IReadOnlyList<IntervalBarRecord> records, IReadOnlyDictionary<string, string>? colors = null)
    {
        var traces = new List<ITrace>();
        foreach (var series in records.GroupBy(r => r.Series))
        {
            var bars = series.ToList();
            traces.Add(new Bar
            {
                Name = series.Key,
                X = [.. bars.Select(r => (object)ChartTraces.SafeLabel(r.Label))],
                Y = [.. bars.Select(r => (object)r.Value)],
                HoverTextArray = [.. bars.Select(r => ChartTraces.SafeLabel(r.Hover))],
                HoverInfo = Plotly.Blazor.Traces.BarLib.HoverInfoFlag.Text,
                ErrorY = new Plotly.Blazor.Traces.BarLib.ErrorY
                {
                    Type = Plotly.Blazor.Traces.BarLib.ErrorYLib.TypeEnum.Data,
                    Symmetric = false,
                    Array = [.. bars.Select(r => (object)(r.Interval is { } i ? Math.Max(0, i.High - r.Value) : 0))],
                    ArrayMinus = [.. bars.Select(r => (object)(r.Interval is { } i ? Math.Max(0, r.Value - i.Low) : 0))],
                    Visible = true,
                },
                Marker = colors is not null && colors.TryGetValue(series.Key, out var color)
                    ? new Plotly.Blazor.Traces.BarLib.Marker { Color = color }
                    : null,
            });
        }
        return traces;
    }

    /// <summary>The bar under a click, from the clicked point's x label as drawn; null when none matches.</summary>
    public static int? BarAt(IReadOnlyList<IntervalBarRecord> records, string? x)
    {
        var index = records.Select(r => ChartTraces.SafeLabel(r.Label)).ToList().IndexOf(x ?? "");
        return index < 0 ? null : records[index].Key;
    }
}
