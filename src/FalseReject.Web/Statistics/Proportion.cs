using System.Globalization;

namespace FalseReject.Web.Statistics;

/// <summary>A closed interval [<see cref="Low"/>, <see cref="High"/>].</summary>
public readonly record struct Interval(double Low, double High)
{
    public double Width => High - Low;

    public bool Contains(double value) => Low <= value && value <= High;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"[{Low:0.####}, {High:0.####}]");
}

/// <summary>
/// The Wilson score interval for a binomial proportion (Wilson 1927; method 3 in Newcombe 1998,
/// "Two-sided confidence intervals for the single proportion", Stat. Med. 17:857–872), without
/// continuity correction. Unlike the Wald interval it stays inside [0, 1] and keeps close to its
/// nominal coverage for small n and for proportions near 0 or 1 (the refusal rates of strong models).
/// </summary>
public static class Wilson
{
    /// <summary>
    /// The interval for <paramref name="successes"/> out of <paramref name="n"/>. Returns null when
    /// n = 0: with no observations there is no estimate and no interval (never NaN).
    /// At 0 successes the lower bound is exactly 0, at n successes the upper bound is exactly 1.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// n or successes negative, successes greater than n, or confidence outside (0, 1).
    /// </exception>
    public static Interval? Interval(int successes, int n, double confidence = 0.95)
    {
        ValidateCounts(successes, n);
        return n == 0 ? null : Compute(successes, n, Normal.TwoSidedCriticalValue(confidence));
    }

    /// <summary>The interval with a precomputed critical value z (e.g. 1.959964 for 95%).</summary>
    internal static Interval Compute(int successes, int n, double z)
    {
        double nd = n;
        double p = successes / nd;
        double z2 = z * z;
        double denominator = 1 + (z2 / nd);
        double centre = (p + (z2 / (2 * nd))) / denominator;
        double halfWidth = z / denominator * Math.Sqrt((p * (1 - p) / nd) + (z2 / (4 * nd * nd)));
        double low = successes == 0 ? 0 : Math.Max(0, centre - halfWidth);
        double high = successes == n ? 1 : Math.Min(1, centre + halfWidth);
        return new Interval(low, high);
    }

    internal static void ValidateCounts(int successes, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, n);
    }
}

/// <summary>
/// A proportion <see cref="Successes"/>/<see cref="N"/> with its Wilson interval, or undefined
/// (Value and Interval null, <see cref="UndefinedReason"/> set) when N = 0.
/// </summary>
public readonly record struct Proportion
{
    /// <summary>The reason used when N = 0 and the caller gives none.</summary>
    public const string NoObservations = "N = 0: there is nothing to take a proportion of";

    private Proportion(int successes, int n, double confidence, double? value, Interval? interval, string? undefinedReason)
    {
        Successes = successes;
        N = n;
        Confidence = confidence;
        Value = value;
        Interval = interval;
        UndefinedReason = undefinedReason;
    }

    public int Successes { get; }

    public int N { get; }

    /// <summary>The confidence level of <see cref="Interval"/>, e.g. 0.95.</summary>
    public double Confidence { get; }

    /// <summary>Successes / N, or null when N = 0.</summary>
    public double? Value { get; }

    /// <summary>The Wilson interval, or null when N = 0.</summary>
    public Interval? Interval { get; }

    /// <summary>Why the proportion is undefined; null when N &gt; 0.</summary>
    public string? UndefinedReason { get; }

    public bool IsDefined => N > 0;

    /// <param name="undefinedReason">What to say when n = 0 (defaults to <see cref="NoObservations"/>).</param>
    public static Proportion Of(int successes, int n, double confidence = 0.95, string? undefinedReason = null)
    {
        Wilson.ValidateCounts(successes, n);
        double z = Normal.TwoSidedCriticalValue(confidence);
        return n == 0
            ? new Proportion(0, 0, confidence, null, null, undefinedReason ?? NoObservations)
            : new Proportion(successes, n, confidence, (double)successes / n, Wilson.Compute(successes, n, z), null);
    }

    public override string ToString() =>
        Value is { } v
            ? string.Create(CultureInfo.InvariantCulture, $"{v:0.####} {Interval} ({Successes}/{N})")
            : $"undefined: {UndefinedReason}";
}
