namespace FalseReject.Web.Statistics;

/// <param name="Alpha">1 − D_o / D_e, or undefined with a reason.</param>
/// <param name="Units">Pairable units: items with at least two labels.</param>
/// <param name="PairableValues">n: the labels in pairable units.</param>
/// <param name="ObservedDisagreement">D_o = (n − Σ_c o_cc) / n.</param>
/// <param name="ExpectedDisagreement">D_e = (n² − Σ_c n_c²) / (n(n − 1)).</param>
public sealed record AlphaResult(
    Coefficient Alpha,
    int Units,
    int PairableValues,
    double? ObservedDisagreement,
    double? ExpectedDisagreement);

/// <param name="Interval">The percentile interval, or null when it is undefined.</param>
/// <param name="Resamples">Resamples drawn.</param>
/// <param name="UndefinedResamples">Resamples where α was undefined (every drawn vote the same label); left out of the percentiles.</param>
/// <param name="Seed">The seed of <see cref="Random"/>; the same seed and data give the same interval.</param>
/// <param name="Confidence">E.g. 0.95: the interval runs from the 2.5th to the 97.5th percentile.</param>
/// <param name="UndefinedReason">Why there is no interval; null when there is one.</param>
public sealed record BootstrapInterval(
    Interval? Interval,
    int Resamples,
    int UndefinedResamples,
    int Seed,
    double Confidence,
    string? UndefinedReason);

/// <summary>Settings of the bootstrap interval for α.</summary>
public sealed record BootstrapOptions(int Resamples = 1000, int Seed = BootstrapOptions.DefaultSeed, double Confidence = 0.95)
{
    public const int DefaultSeed = 20250508;

    public static BootstrapOptions Default { get; } = new();
}

/// <summary>
/// Krippendorff's α for nominal data with missing values, by the coincidence-matrix method
/// (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability", §A and §C):
/// every ordered pair of labels within a unit adds 1/(m_u − 1) to the coincidence o_ck, units with
/// m_u &lt; 2 labels are not pairable and drop out, n_c = Σ_k o_ck, n = Σ_c n_c, and for nominal data
/// α = 1 − (n − 1)(n − Σ_c o_cc) / (n² − Σ_c n_c²).
/// α is undefined when no unit is pairable, and when every pairable label is the same category
/// (expected disagreement is zero).
/// </summary>
public static class KrippendorffAlpha
{
    public const string NoPairableUnits = "no item has two or more labels, so no pair of values can be compared";

    public const string NoExpectedDisagreement = "every vote is the same label: expected disagreement is zero";

    public static AlphaResult Compute(RatingTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return Compute(table.CountByItem());
    }

    public static AlphaResult Compute(ItemCategoryCounts counts)
    {
        var units = PairableUnits.From(counts);
        Span<long> totals = units.CategoryCount <= 64 ? stackalloc long[units.CategoryCount] : new long[units.CategoryCount];
        totals.Clear();
        long n = 0;
        double diagonal = 0;
        for (int u = 0; u < units.Count; u++)
        {
            n += units.Values[u];
            diagonal += units.Agreement[u];
            var row = units.Row(u);
            for (int c = 0; c < row.Length; c++)
            {
                totals[c] += row[c];
            }
        }
        return Finish(units.Count, n, diagonal, totals);
    }

    /// <summary>
    /// A percentile bootstrap interval for α: resample the pairable units (items with ≥ 2 labels)
    /// with replacement, as many as there are, <see cref="BootstrapOptions.Resamples"/> times, with
    /// <c>new Random(Seed)</c>; compute α on each; take the (1 − confidence)/2 and (1 + confidence)/2
    /// percentiles (linear interpolation between order statistics). Each unit's coincidence
    /// contributions (its m_u, Σ_c o_cc share and label counts) are computed once, so a resample costs
    /// O(units × categories) with no allocation.
    /// </summary>
    public static BootstrapInterval Bootstrap(RatingTable table, BootstrapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        return Bootstrap(table.CountByItem(), options);
    }

    public static BootstrapInterval Bootstrap(ItemCategoryCounts counts, BootstrapOptions? options = null)
    {
        options ??= BootstrapOptions.Default;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Resamples);
        if (!(options.Confidence > 0 && options.Confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Confidence, "Confidence must lie strictly between 0 and 1.");
        }

        var units = PairableUnits.From(counts);
        if (units.Count == 0)
        {
            return new BootstrapInterval(null, options.Resamples, options.Resamples, options.Seed, options.Confidence, NoPairableUnits);
        }

        int k = units.CategoryCount;
        var random = new Random(options.Seed);
        var alphas = new double[options.Resamples];
        int defined = 0;
        Span<long> totals = k <= 64 ? stackalloc long[k] : new long[k];
        for (int s = 0; s < options.Resamples; s++)
        {
            totals.Clear();
            long n = 0;
            double diagonal = 0;
            for (int draw = 0; draw < units.Count; draw++)
            {
                int u = random.Next(units.Count);
                n += units.Values[u];
                diagonal += units.Agreement[u];
                var row = units.Row(u);
                for (int c = 0; c < row.Length; c++)
                {
                    totals[c] += row[c];
                }
            }
            if (Finish(units.Count, n, diagonal, totals).Alpha.Value is { } alpha)
            {
                alphas[defined++] = alpha;
            }
        }

        int undefinedCount = options.Resamples - defined;
        if (defined == 0)
        {
            return new BootstrapInterval(null, options.Resamples, undefinedCount, options.Seed, options.Confidence,
                $"α was undefined in every resample ({NoExpectedDisagreement})");
        }
        var sample = alphas.AsSpan(0, defined);
        sample.Sort();
        double tail = (1 - options.Confidence) / 2;
        var interval = new Interval(Percentile(sample, tail), Percentile(sample, 1 - tail));
        return new BootstrapInterval(interval, options.Resamples, undefinedCount, options.Seed, options.Confidence, null);
    }

    // The q-quantile of sorted values, interpolating linearly between order statistics
    // (Hyndman & Fan type 7, the default of R and NumPy).
    internal static double Percentile(ReadOnlySpan<double> sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        double fraction = position - below;
        return sorted[below] + (fraction * (sorted[above] - sorted[below]));
    }

    private static AlphaResult Finish(int units, long n, double diagonal, ReadOnlySpan<long> totals)
    {
        if (units == 0)
        {
            return new AlphaResult(Coefficient.Undefined(NoPairableUnits), 0, 0, null, null);
        }
        long sumSquares = 0;
        foreach (long t in totals)
        {
            sumSquares += t * t;
        }
        long expectedPairs = (n * n) - sumSquares; // Σ_{c≠k} n_c n_k
        double observed = Math.Max(0, n - diagonal) / n;
        double expected = (double)expectedPairs / (n * (n - 1.0));
        var alpha = expectedPairs == 0
            ? Coefficient.Undefined(NoExpectedDisagreement)
            : Coefficient.Defined(1 - ((n - 1) * Math.Max(0, n - diagonal) / expectedPairs));
        return new AlphaResult(alpha, units, checked((int)n), observed, expected);
    }

    /// <summary>Each pairable unit's contribution to the coincidence matrix, precomputed once.</summary>
    private sealed class PairableUnits
    {
        private readonly int[] _counts;

        private PairableUnits(int count, int categoryCount, int[] values, double[] agreement, int[] counts)
        {
            Count = count;
            CategoryCount = categoryCount;
            Values = values;
            Agreement = agreement;
            _counts = counts;
        }

        public int Count { get; }

        public int CategoryCount { get; }

        /// <summary>m_u: labels in the unit.</summary>
        public int[] Values { get; }

        /// <summary>The unit's share of the diagonal, Σ_c n_uc(n_uc − 1) / (m_u − 1).</summary>
        public double[] Agreement { get; }

        /// <summary>n_uc: the unit's labels per category.</summary>
        public ReadOnlySpan<int> Row(int unit) => _counts.AsSpan(unit * CategoryCount, CategoryCount);

        public static PairableUnits From(ItemCategoryCounts counts)
        {
            ArgumentNullException.ThrowIfNull(counts);
            int k = counts.CategoryCount;
            int pairable = 0;
            for (int item = 0; item < counts.ItemCount; item++)
            {
                if (counts.RatingsOf(item) >= 2)
                {
                    pairable++;
                }
            }

            var values = new int[pairable];
            var agreement = new double[pairable];
            var unitCounts = new int[pairable * k];
            int u = 0;
            for (int item = 0; item < counts.ItemCount; item++)
            {
                int m = counts.RatingsOf(item);
                if (m < 2)
                {
                    continue;
                }
                var row = counts.Row(item);
                long pairs = 0;
                foreach (long c in row)
                {
                    pairs += c * (c - 1);
                }
                values[u] = m;
                agreement[u] = (double)pairs / (m - 1);
                row.CopyTo(unitCounts.AsSpan(u * k, k));
                u++;
            }
            return new PairableUnits(pairable, k, values, agreement, unitCounts);
        }
    }
}
