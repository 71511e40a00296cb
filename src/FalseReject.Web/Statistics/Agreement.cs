namespace FalseReject.Web.Statistics;

/// <param name="Value">The mean share of agreeing rater pairs per item, or undefined.</param>
/// <param name="Items">Items with at least two labels.</param>
/// <param name="UnanimousItems">Of those, items where every label is the same.</param>
public sealed record PercentAgreementResult(Coefficient Value, int Items, int UnanimousItems);

/// <summary>Cohen's κ for every pair of raters (symmetric; nothing on the diagonal).</summary>
public sealed class KappaMatrix
{
    private readonly KappaResult?[] _cells;

    internal KappaMatrix(int raterCount, KappaResult?[] cells)
    {
        RaterCount = raterCount;
        _cells = cells;
    }

    public int RaterCount { get; }

    /// <summary>κ (with its n, p_o and p_e) between raters a and b; null when a = b.</summary>
    public KappaResult? this[int a, int b] => _cells[(a * RaterCount) + b];

    /// <summary>Every pair a &lt; b once.</summary>
    public IEnumerable<(int A, int B, KappaResult Kappa)> Pairs()
    {
        for (int a = 0; a < RaterCount; a++)
        {
            for (int b = a + 1; b < RaterCount; b++)
            {
                yield return (a, b, _cells[(a * RaterCount) + b]!);
            }
        }
    }
}

/// <summary>One rater's agreement with the gold labels, over the items that have both.</summary>
/// <param name="Accuracy">Items where the rater matched gold / items with both, with its Wilson interval.</param>
public sealed record GoldAgreement(int Rater, Proportion Accuracy, KappaResult Kappa);

/// <summary>Every agreement statistic of one table, as the agreement page shows them.</summary>
public sealed record AgreementReport(
    int Items,
    int Raters,
    int Ratings,
    PercentAgreementResult PercentAgreement,
    FleissKappaResult FleissKappa,
    AlphaResult Alpha,
    BootstrapInterval? AlphaInterval,
    KappaMatrix PairwiseKappa);

/// <summary>
/// Agreement among annotators over nominal labels: percent agreement, Cohen's κ per pair,
/// Fleiss' κ, Krippendorff's α with a bootstrap interval, agreement with gold labels and per item.
/// Everything takes a <see cref="RatingTable"/> built once.
/// </summary>
public static class Agreement
{
    /// <summary>
    /// All statistics of the table. The α interval is bootstrapped with <paramref name="bootstrap"/>
    /// (default: 1,000 resamples, <see cref="BootstrapOptions.DefaultSeed"/>, 95%) unless
    /// <paramref name="includeInterval"/> is false.
    /// </summary>
    public static AgreementReport Compute(RatingTable table, BootstrapOptions? bootstrap = null, bool includeInterval = true)
    {
        ArgumentNullException.ThrowIfNull(table);
        var counts = table.CountByItem();
        return new AgreementReport(
            table.ItemCount,
            table.RaterCount,
            table.RatingCount,
            PercentAgreement(counts),
            FleissKappa.Compute(counts),
            KrippendorffAlpha.Compute(counts),
            includeInterval ? KrippendorffAlpha.Bootstrap(counts, bootstrap) : null,
            PairwiseKappa(table));
    }

    /// <summary>
    /// Percent agreement: over items with at least two labels, the share of rater pairs within the
    /// item that gave the same label (Σ_j n_ij(n_ij − 1) / (m_i(m_i − 1))), averaged with every item
    /// weighted equally. With two raters it is the share of items they agree on; it is Fleiss' P̄.
    /// Not corrected for chance: show it beside κ or α, never instead.
    /// </summary>
    public static PercentAgreementResult PercentAgreement(RatingTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return PercentAgreement(table.CountByItem());
    }

    public static PercentAgreementResult PercentAgreement(ItemCategoryCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        int items = 0, unanimous = 0;
        double sum = 0;
        for (int item = 0; item < counts.ItemCount; item++)
        {
            if (ItemAgreement(counts, item) is { } p)
            {
                items++;
                sum += p;
                if (p == 1)
                {
                    unanimous++;
                }
            }
        }
        return items == 0
            ? new PercentAgreementResult(Coefficient.Undefined(FleissKappa.NoPairableItems), 0, 0)
            : new PercentAgreementResult(Coefficient.Defined(sum / items), items, unanimous);
    }

    /// <summary>
    /// Each item's share of agreeing rater pairs (1 = unanimous), null for items with fewer than two
    /// labels: the order of the disagreement queue, lowest first.
    /// </summary>
    public static double?[] PerItem(RatingTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var counts = table.CountByItem();
        var result = new double?[counts.ItemCount];
        for (int item = 0; item < counts.ItemCount; item++)
        {
            result[item] = ItemAgreement(counts, item);
        }
        return result;
    }

    /// <summary>Cohen's κ for every pair of raters, each over the items both labeled.</summary>
    public static KappaMatrix PairwiseKappa(RatingTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        int raters = table.RaterCount, k = Math.Max(1, table.CategoryCount);
        var cells = new KappaResult?[raters * raters];
        var contingency = new int[k * k];
        for (int a = 0; a < raters; a++)
        {
            for (int b = a + 1; b < raters; b++)
            {
                Array.Clear(contingency);
                for (int item = 0; item < table.ItemCount; item++)
                {
                    var row = table.Row(item);
                    if (row[a] != RatingTable.Missing && row[b] != RatingTable.Missing)
                    {
                        contingency[(row[a] * k) + row[b]]++;
                    }
                }
                var kappa = CohensKappa.FromTable(contingency, k);
                cells[(a * raters) + b] = kappa;
                cells[(b * raters) + a] = kappa;
            }
        }
        return new KappaMatrix(raters, cells);
    }

    /// <summary>
    /// Each rater against the gold labels (one per item, null where an item has none, in the table's
    /// original label ids): accuracy with its Wilson interval and Cohen's κ, over the items that
    /// have both a gold label and the rater's label.
    /// </summary>
    public static GoldAgreement[] WithGold(RatingTable table, ReadOnlySpan<int?> gold)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (gold.Length != table.ItemCount)
        {
            throw new ArgumentException($"There are {gold.Length} gold labels for {table.ItemCount} items.", nameof(gold));
        }

        // Gold labels as category indices; a gold label no rater used gets an index past the table's.
        var extra = new List<int>();
        var goldIndex = new int[gold.Length];
        for (int item = 0; item < gold.Length; item++)
        {
            if (gold[item] is not { } label)
            {
                goldIndex[item] = RatingTable.Missing;
                continue;
            }
            int c = table.CategoryIndexOf(label);
            if (c < 0)
            {
                int e = extra.IndexOf(label);
                if (e < 0)
                {
                    e = extra.Count;
                    extra.Add(label);
                }
                c = table.CategoryCount + e;
            }
            goldIndex[item] = c;
        }

        int k = Math.Max(1, table.CategoryCount + extra.Count);
        var contingency = new int[k * k];
        var result = new GoldAgreement[table.RaterCount];
        for (int rater = 0; rater < table.RaterCount; rater++)
        {
            Array.Clear(contingency);
            int n = 0, hits = 0;
            for (int item = 0; item < table.ItemCount; item++)
            {
                int r = table[item, rater], g = goldIndex[item];
                if (r != RatingTable.Missing && g != RatingTable.Missing)
                {
                    contingency[(r * k) + g]++;
                    n++;
                    if (r == g)
                    {
                        hits++;
                    }
                }
            }
            result[rater] = new GoldAgreement(
                rater,
                Proportion.Of(hits, n, undefinedReason: "no item has both a gold label and this rater's label"),
                CohensKappa.FromTable(contingency, k));
        }
        return result;
    }

    private static double? ItemAgreement(ItemCategoryCounts counts, int item)
    {
        int m = counts.RatingsOf(item);
        if (m < 2)
        {
            return null;
        }
        long pairs = 0;
        foreach (long n in counts.Row(item))
        {
            pairs += n * (n - 1);
        }
        return (double)pairs / ((long)m * (m - 1));
    }
}
