using System.Globalization;
using FalseReject.Web.Statistics;

namespace FalseReject.Web.Features.Agreement;

/// <summary>How the agreement pages write numbers: three decimals, invariant culture; undefined values say why.</summary>
public static class AgreementFormat
{
    public static string Number(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    public static string Percent(double value) => (100 * value).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>The value, or "undefined, because …".</summary>
    public static string Coefficient(Coefficient coefficient) =>
        coefficient.Value is { } v ? Number(v) : "undefined, because " + coefficient.UndefinedReason;

    public static string Interval(Interval? interval) =>
        interval is { } i ? $"[{Number(i.Low)}, {Number(i.High)}]" : "";

    public static string PercentInterval(Interval? interval) =>
        interval is { } i ? $"[{Percent(i.Low)}, {Percent(i.High)}]" : "";

    /// <summary>The bootstrap interval, or why there is none.</summary>
    public static string Interval(BootstrapInterval interval) =>
        interval.Interval is { } i ? Interval(i) : "no interval, because " + interval.UndefinedReason;

    /// <summary>κ with its N of shared items, or why it is undefined.</summary>
    public static string Kappa(KappaResult kappa) =>
        Coefficient(kappa.Kappa) + $" (N = {kappa.N.ToString(CultureInfo.InvariantCulture)} shared items)";

    /// <summary>A percent agreement, or why it is undefined.</summary>
    public static string PercentAgreement(PercentAgreementResult result) =>
        result.Value.Value is { } v ? Percent(v) : "undefined, because " + result.Value.UndefinedReason;

    /// <summary>A proportion with its interval, or why it is undefined.</summary>
    public static string Proportion(Proportion proportion) =>
        proportion.Value is { } v
            ? $"{Percent(v)} {PercentInterval(proportion.Interval)} ({proportion.Successes}/{proportion.N})"
            : "undefined, because " + proportion.UndefinedReason;
}
