namespace FalseReject.Web.Statistics;

/// <summary>
/// Cohen's κ for two raters over nominal categories.
/// </summary>
/// <param name="Kappa">(p_o − p_e) / (1 − p_e), or undefined with a reason.</param>
/// <param name="N">Items labeled by both raters (the pairs that count).</param>
/// <param name="ObservedAgreement">p_o: the share of those items with the same label; null when N = 0.</param>
/// <param name="ExpectedAgreement">p_e = Σ_k p_1k·p_2k from each rater's own label shares; null when N = 0.</param>
public sealed record KappaResult(Coefficient Kappa, int N, double? ObservedAgreement, double? ExpectedAgreement);

/// <summary>
/// Cohen's κ (Cohen 1960) for two raters labeling the same items with nominal categories:
/// κ = (p_o − p_e) / (1 − p_e). Items where either label is missing are dropped (pairwise deletion).
/// κ is undefined when no item has both labels, and when p_e = 1 — both raters used one and the
/// same label for every item, so chance alone predicts perfect agreement and κ is 0/0.
/// </summary>
public static class CohensKappa
{
    public const string NoPairs = "no item was labeled by both raters";

    public const string ChanceAgreementIsOne =
        "both raters gave every item the same single label: agreement expected by chance is 1, so κ is 0/0";

    /// <summary>κ from two parallel label lists (null = no label); labels are any integers.</summary>
    public static KappaResult Compute(ReadOnlySpan<int?> rater1, ReadOnlySpan<int?> rater2)
    {
        if (rater1.Length != rater2.Length)
        {
            throw new ArgumentException($"The label lists differ in length ({rater1.Length} and {rater2.Length}).", nameof(rater2));
        }

        // Distinct labels, sorted, so each label maps to a compact index by binary search.
        var labels = new SortedSet<int>();
        for (int i = 0; i < rater1.Length; i++)
        {
            if (rater1[i] is { } a && rater2[i] is { } b)
            {
                labels.Add(a);
                labels.Add(b);
            }
        }
        int k = labels.Count;
        if (k == 0)
        {
            return new KappaResult(Coefficient.Undefined(NoPairs), 0, null, null);
        }
        var index = new int[k];
        labels.CopyTo(index);

        var table = new int[k * k];
        for (int i = 0; i < rater1.Length; i++)
        {
            if (rater1[i] is { } a && rater2[i] is { } b)
            {
                table[(Array.BinarySearch(index, a) * k) + Array.BinarySearch(index, b)]++;
            }
        }
        return FromTable(table, k);
    }

    /// <summary>
    /// κ from a k×k contingency table in row-major order: <c>table[i * k + j]</c> is the number of
    /// items rater 1 put in category i and rater 2 in category j.
    /// </summary>
    public static KappaResult FromTable(ReadOnlySpan<int> table, int categories)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(categories);
        if (table.Length != categories * categories)
        {
            throw new ArgumentException($"A table for {categories} categories has {categories * categories} cells, not {table.Length}.", nameof(table));
        }

        Span<long> rowTotals = categories <= 64 ? stackalloc long[categories] : new long[categories];
        Span<long> columnTotals = categories <= 64 ? stackalloc long[categories] : new long[categories];
        rowTotals.Clear();
        columnTotals.Clear();
        long n = 0, agreeing = 0;
        for (int i = 0; i < categories; i++)
        {
            for (int j = 0; j < categories; j++)
            {
                int count = table[(i * categories) + j];
                ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(table));
                rowTotals[i] += count;
                columnTotals[j] += count;
                n += count;
                if (i == j)
                {
                    agreeing += count;
                }
            }
        }
        if (n == 0)
        {
            return new KappaResult(Coefficient.Undefined(NoPairs), 0, null, null);
        }

        double observed = (double)agreeing / n;
        // p_e = Σ row·col / n², summed in integers to keep p_e = 1 exact when it is.
        long expectedNumerator = 0;
        for (int i = 0; i < categories; i++)
        {
            expectedNumerator += rowTotals[i] * columnTotals[i];
        }
        long nSquared = n * n;
        double expected = (double)expectedNumerator / nSquared;
        var kappa = expectedNumerator == nSquared
            ? Coefficient.Undefined(ChanceAgreementIsOne)
            : Coefficient.Defined(((double)((agreeing * n) - expectedNumerator)) / (nSquared - expectedNumerator));
        return new KappaResult(kappa, checked((int)n), observed, expected);
    }
}
