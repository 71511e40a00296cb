namespace FalseReject.Web.Statistics;

/// <param name="Kappa">(P̄ − P_e) / (1 − P_e), or undefined with a reason.</param>
/// <param name="Items">Items with at least two labels (the only ones that count).</param>
/// <param name="Ratings">Labels on those items.</param>
/// <param name="MeanObservedAgreement">P̄: the mean over items of the share of agreeing rater pairs.</param>
/// <param name="ExpectedAgreement">P_e = Σ_j p_j², p_j the share of all labels in category j.</param>
/// <param name="ConstantRatersPerItem">
/// True when every counted item has the same number of labels, as Fleiss (1971) assumes; false when
/// the generalization for varying numbers of raters was used (see <see cref="FleissKappa"/>).
/// </param>
public sealed record FleissKappaResult(
    Coefficient Kappa,
    int Items,
    int Ratings,
    double? MeanObservedAgreement,
    double? ExpectedAgreement,
    bool ConstantRatersPerItem);

/// <summary>
/// Fleiss' κ (Fleiss 1971, "Measuring nominal scale agreement among many raters") for any number
/// of raters over nominal categories, where raters need not be the same people for every item.
/// <para>
/// Fleiss assumes every item has the same number m of ratings. Annotation work leaves gaps, so
/// items with m_i ≥ 2 labels are used with their own m_i: P_i = Σ_j n_ij(n_ij − 1) / (m_i(m_i − 1)),
/// P̄ = the mean of P_i, and p_j = Σ_i n_ij / Σ_i m_i (shares pooled over all those labels). With a
/// constant m this is exactly Fleiss' formula; with varying m it is the usual generalization
/// (items weighted equally), flagged by <see cref="FleissKappaResult.ConstantRatersPerItem"/>.
/// Items with fewer than two labels carry no agreement information and are left out. For
/// incomplete data Krippendorff's α, built for missing values, is the headline coefficient.
/// </para>
/// </summary>
public static class FleissKappa
{
    public const string NoPairableItems = "no item has two or more labels";

    public const string ChanceAgreementIsOne =
        "every vote is the same label: agreement expected by chance is 1, so κ is 0/0";

    public static FleissKappaResult Compute(RatingTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return Compute(table.CountByItem());
    }

    public static FleissKappaResult Compute(ItemCategoryCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        int k = counts.CategoryCount;
        Span<long> categoryTotals = k <= 64 ? stackalloc long[k] : new long[k];
        categoryTotals.Clear();

        int items = 0;
        long ratings = 0;
        double sumP = 0;
        int firstM = -1;
        bool constant = true;
        for (int item = 0; item < counts.ItemCount; item++)
        {
            int m = counts.RatingsOf(item);
            if (m < 2)
            {
                continue;
            }
            var row = counts.Row(item);
            long agreeingPairs = 0;
            for (int c = 0; c < k; c++)
            {
                long n = row[c];
                agreeingPairs += n * (n - 1);
                categoryTotals[c] += n;
            }
            sumP += (double)agreeingPairs / ((long)m * (m - 1));
            items++;
            ratings += m;
            if (firstM < 0)
            {
                firstM = m;
            }
            else if (m != firstM)
            {
                constant = false;
            }
        }

        if (items == 0)
        {
            return new FleissKappaResult(Coefficient.Undefined(NoPairableItems), 0, 0, null, null, true);
        }

        double meanP = sumP / items;
        long sumSquares = 0;
        foreach (long t in categoryTotals)
        {
            sumSquares += t * t;
        }
        double expected = (double)sumSquares / ((double)ratings * ratings);
        var kappa = sumSquares == ratings * ratings
            ? Coefficient.Undefined(ChanceAgreementIsOne)
            : Coefficient.Defined((meanP - expected) / (1 - expected));
        return new FleissKappaResult(kappa, items, checked((int)ratings), meanP, expected, constant);
    }
}
