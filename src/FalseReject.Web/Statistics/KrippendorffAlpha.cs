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
        var (n, diagonal) = units.Accumulate(units.Multiplicity, totals);
        return Finish(units.Count, n, diagonal, totals);
    }

    /// <summary>
    /// A percentile bootstrap interval for α: resample the pairable units (items with ≥ 2 labels)
    /// with replacement, as many as there are, <see cref="BootstrapOptions.Resamples"/> times, with
    /// <c>new Random(Seed)</c>; compute α on each; take the (1 − confidence)/2 and (1 + confidence)/2
    /// percentiles (linear interpolation between order statistics). Units with no pairable values
    /// add nothing to α, so they are not resampled.
    /// <para>
    /// Cost: each unit's contribution to the coincidence matrix (m_u, its share of Σ_c o_cc, its
    /// label counts) depends only on its label counts, so units are grouped once into the few
    /// distinct count patterns (7 for 3 annotators and 2 labels with gaps). A resample is then one
    /// random draw and one increment per unit, plus O(patterns × categories), with no allocation.
    /// </para>
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
        int patterns = units.PatternCount;
        var patternOf = units.PatternOf;
        var random = new Random(options.Seed);
        var alphas = new double[options.Resamples];
        int defined = 0;
        Span<long> totals = k <= 64 ? stackalloc long[k] : new long[k];
        Span<int> weights = patterns <= 256 ? stackalloc int[patterns] : new int[patterns];
        for (int s = 0; s < options.Resamples; s++)
        {
            weights.Clear();
            for (int draw = 0; draw < patternOf.Length; draw++)
            {
                weights[patternOf[random.Next(patternOf.Length)]]++;
            }
            var (n, diagonal) = units.Accumulate(weights, totals);
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

    /// <summary>
    /// The pairable units grouped by their label-count pattern, with each pattern's contribution to
    /// the coincidence matrix precomputed once.
    /// </summary>
    private sealed class PairableUnits
    {
        private readonly int[] _values;
        private readonly double[] _agreement;
        private readonly int[] _counts;

        private PairableUnits(int categoryCount, int[] patternOf, int[] multiplicity, int[] values, double[] agreement, int[] counts)
        {
            CategoryCount = categoryCount;
            PatternOf = patternOf;
            Multiplicity = multiplicity;
            _values = values;
            _agreement = agreement;
            _counts = counts;
        }

        /// <summary>Pairable units (items with ≥ 2 labels).</summary>
        public int Count => PatternOf.Length;

        public int CategoryCount { get; }

        public int PatternCount => Multiplicity.Length;

        /// <summary>The pattern of each pairable unit.</summary>
        public int[] PatternOf { get; }

        /// <summary>How many units have each pattern.</summary>
        public int[] Multiplicity { get; }

        /// <summary>
        /// With <paramref name="weights"/>[p] copies of pattern p: n = Σ m_u, the diagonal Σ_c o_cc
        /// (each unit adds Σ_c n_uc(n_uc − 1)/(m_u − 1)) and the category totals n_c.
        /// </summary>
        public (long N, double Diagonal) Accumulate(ReadOnlySpan<int> weights, Span<long> totals)
        {
            totals.Clear();
            long n = 0;
            double diagonal = 0;
            int k = CategoryCount;
            for (int p = 0; p < weights.Length; p++)
            {
                int w = weights[p];
                if (w == 0)
                {
                    continue;
                }
                n += (long)w * _values[p];
                diagonal += w * _agreement[p];
                var row = _counts.AsSpan(p * k, k);
                for (int c = 0; c < k; c++)
                {
                    totals[c] += (long)w * row[c];
                }
            }
            return (n, diagonal);
        }

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

            // Look the patterns up by span, so only a new pattern allocates its key.
            var patternIndex = new Dictionary<int[], int>(PatternComparer.Instance);
            var lookup = patternIndex.GetAlternateLookup<ReadOnlySpan<int>>();
            var patternRows = new List<int[]>();
            var multiplicity = new List<int>();
            var patternOf = new int[pairable];
            int u = 0;
            for (int item = 0; item < counts.ItemCount; item++)
            {
                if (counts.RatingsOf(item) < 2)
                {
                    continue;
                }
                var row = counts.Row(item);
                if (!lookup.TryGetValue(row, out int p))
                {
                    p = patternRows.Count;
                    var key = row.ToArray();
                    patternIndex.Add(key, p);
                    patternRows.Add(key);
                    multiplicity.Add(0);
                }
                multiplicity[p]++;
                patternOf[u++] = p;
            }

            var values = new int[patternRows.Count];
            var agreement = new double[patternRows.Count];
            var flat = new int[patternRows.Count * k];
            for (int p = 0; p < patternRows.Count; p++)
            {
                var row = patternRows[p];
                long m = 0, pairs = 0;
                foreach (long c in row)
                {
                    m += c;
                    pairs += c * (c - 1);
                }
                values[p] = (int)m;
                agreement[p] = (double)pairs / (m - 1);
                row.CopyTo(flat, p * k);
            }
            return new PairableUnits(k, patternOf, [.. multiplicity], values, agreement, flat);
        }
    }

    private sealed class PatternComparer : IEqualityComparer<int[]>, IAlternateEqualityComparer<ReadOnlySpan<int>, int[]>
    {
        public static readonly PatternComparer Instance = new();

        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] obj) => Hash(obj);

        public bool Equals(ReadOnlySpan<int> alternate, int[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<int> alternate) => Hash(alternate);

        public int[] Create(ReadOnlySpan<int> alternate) => alternate.ToArray();

        private static int Hash(ReadOnlySpan<int> values)
        {
            var hash = new HashCode();
            foreach (int v in values)
            {
                hash.Add(v);
            }
            return hash.ToHashCode();
        }
    }
}
