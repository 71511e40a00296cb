using System.Globalization;
using FalseReject.Web.Statistics;

namespace FalseReject.Web.Features.Leaderboard;

/// <summary>How rates, intervals and counts read on screen (invariant culture, three decimals).</summary>
public static class LeaderboardFormat
{
    public static string Rate(double? value) => value?.ToString("0.000", CultureInfo.InvariantCulture) ?? "–";

    public static string Interval(Interval? interval) =>
        interval is { } i ? string.Create(CultureInfo.InvariantCulture, $"[{i.Low:0.000}, {i.High:0.000}]") : "";

    public static string Percent(double? value) => value is { } v ? (100 * v).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–";

    /// <summary>A p-value to four decimals; below 0.0001 it reads "p < 0.0001", never "p = 0".</summary>
    public static string PValue(double p) =>
        p < 0.0001 ? "p < 0.0001" : "p = " + p.ToString("0.0###", CultureInfo.InvariantCulture);
}
