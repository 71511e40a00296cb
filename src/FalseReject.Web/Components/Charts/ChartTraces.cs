using System.Globalization;
using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace FalseReject.Web.Components.Charts;

/// <summary>
/// The pure mapping from the charts' records to Plotly traces (tested without a browser). Labels
/// are made inert: Plotly reads a few HTML-like tags in text, so angle brackets become look-alikes.
/// </summary>
public static class ChartTraces
{
    public const string FullComplianceColor = "#2e7d32";
    public const string SafePartialComplianceColor = "#f9a825";
    public const string DirectRefusalColor = "#c62828";

    /// <summary>Three bar traces (Full Compliance, Safe Partial Compliance, Direct Refusal), each a percentage of N per label.</summary>
    public static IList<ITrace> StackedClassBars(IReadOnlyList<ClassShareRecord> records)
    {
        var labels = records.Select(r => (object)SafeLabel(r.Label)).ToList();
        Bar Trace(string name, string color, Func<ClassShareRecord, int> count) => new()
        {
            Name = name,
            X = labels,
            Y = [.. records.Select(r => (object)Percent(count(r), r.N))],
            TextArray = [.. records.Select(r => $"{count(r)} / {r.N}")],
            HoverTemplate = "%{x}<br>" + name + ": %{y:.1f}% (%{text})<extra></extra>",
            Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = color },
        };
        return
        [
            Trace("Full Compliance", FullComplianceColor, r => r.FullCompliance),
            Trace("Safe Partial Compliance", SafePartialComplianceColor, r => r.SafePartialCompliance),
            Trace("Direct Refusal", DirectRefusalColor, r => r.DirectRefusal),
        ];
    }

    /// <summary>
    /// The scatter of X against Y: runs with asymmetric error bars from their intervals and their
    /// labels as text; reported references as a second trace of hollow markers without error bars.
    /// </summary>
    public static IList<ITrace> LabeledScatter(IReadOnlyList<ScatterRecord> records, string xName, string yName)
    {
        var traces = new List<ITrace>();
        var measured = records.Where(r => !r.Reported).ToList();
        if (measured.Count > 0)
        {
            traces.Add(new Scatter
            {
                Name = "Runs",
                Mode = ModeFlag.Markers | ModeFlag.Text,
                X = [.. measured.Select(r => (object)r.X)],
                Y = [.. measured.Select(r => (object)r.Y)],
                TextArray = [.. measured.Select(r => SafeLabel(r.Label))],
                TextPosition = TextPositionEnum.TopCenter,
                HoverTemplate = "%{text}<br>" + xName + ": %{x:.3f}<br>" + yName + ": %{y:.3f}<extra></extra>",
                ErrorX = new ErrorX
                {
                    Type = Plotly.Blazor.Traces.ScatterLib.ErrorXLib.TypeEnum.Data,
                    Symmetric = false,
                    Array = [.. measured.Select(r => (object)(r.XInterval is { } i ? i.High - r.X : 0))],
                    ArrayMinus = [.. measured.Select(r => (object)(r.XInterval is { } i ? r.X - i.Low : 0))],
                    Visible = true,
                },
                ErrorY = new ErrorY
                {
                    Type = Plotly.Blazor.Traces.ScatterLib.ErrorYLib.TypeEnum.Data,
                    Symmetric = false,
                    Array = [.. measured.Select(r => (object)(r.YInterval is { } i ? i.High - r.Y : 0))],
                    ArrayMinus = [.. measured.Select(r => (object)(r.YInterval is { } i ? r.Y - i.Low : 0))],
                    Visible = true,
                },
            });
        }
        var reported = records.Where(r => r.Reported).ToList();
        if (reported.Count > 0)
        {
            traces.Add(new Scatter
            {
                Name = "Reported (paper)",
                Mode = ModeFlag.Markers | ModeFlag.Text,
                X = [.. reported.Select(r => (object)r.X)],
                Y = [.. reported.Select(r => (object)r.Y)],
                TextArray = [.. reported.Select(r => SafeLabel(r.Label))],
                TextPosition = TextPositionEnum.BottomCenter,
                HoverTemplate = "%{text} (reported)<br>" + xName + ": %{x:.2f}<br>" + yName + ": %{y:.2f}<extra></extra>",
                Marker = new Plotly.Blazor.Traces.ScatterLib.Marker { Symbol = Plotly.Blazor.Traces.ScatterLib.MarkerLib.SymbolEnum.DiamondOpen, Color = "#757575" },
            });
        }
        return traces;
    }

    /// <summary>One heatmap trace: rows are entries, columns categories, z the rate (null cells stay empty), N in the hover.</summary>
    public static IList<ITrace> HeatmapTrace(HeatmapData data, string valueName)
    {
        return
        [
            new HeatMap
            {
                X = [.. data.Columns.Select(c => (object)SafeLabel(c))],
                Y = [.. data.Rows.Select(r => (object)SafeLabel(r.Label))],
                Z = [.. data.Rows.Select(r => (object)r.Values.ToArray())],
                Text = [.. data.Rows.Select(r => (object)r.Ns.Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray())],
                ZMin = 0m,
                ZMax = 1m,
                ColorScale = "RdYlGn",
                HoverTemplate = "%{y}<br>%{x}<br>" + valueName + ": %{z:.2f} (N = %{text})<extra></extra>",
            },
        ];
    }

    /// <summary>The cell under a click, from the clicked point's x (column) and y (row) labels as drawn; null when none matches.</summary>
    public static HeatmapCell? CellAt(HeatmapData data, string? x, string? y)
    {
        var column = data.Columns.Select(SafeLabel).ToList().IndexOf(x ?? "");
        var row = data.Rows.Select(r => SafeLabel(r.Label)).ToList().IndexOf(y ?? "");
        return column < 0 || row < 0 ? null : new HeatmapCell(data.Rows[row].Key, data.ColumnKeys[column]);
    }

    /// <summary>The share of <paramref name="count"/> in <paramref name="n"/>, in percent (0 when n = 0).</summary>
    public static double Percent(int count, int n) => n == 0 ? 0 : 100.0 * count / n;

    /// <summary>The label with Plotly's tag characters replaced by look-alikes, so that text is never markup.</summary>
    public static string SafeLabel(string label) => label.Replace('<', '‹').Replace('>', '›');
}
