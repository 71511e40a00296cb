using FalseReject.Web.Statistics;

namespace FalseReject.Web.Tests.Statistics;

public sealed class AgreementTests
{
    // Fleiss' κ worked example on Wikipedia ("Fleiss' kappa", Worked example): 10 subjects, 14 raters
    // each, 5 categories; counts n_ij per subject. P̄ = 0.378, P_e = 0.213, κ = 0.210.
    private static readonly int[,] FleissWikipedia =
    {
        { 0, 0, 0, 0, 14 },
        { 0, 2, 6, 4, 2 },
        { 0, 0, 3, 5, 6 },
        { 0, 3, 9, 2, 0 },
        { 2, 2, 8, 1, 1 },
        { 7, 7, 0, 0, 0 },
        { 3, 2, 6, 3, 0 },
        { 2, 5, 3, 2, 2 },
        { 6, 5, 2, 1, 0 },
        { 0, 2, 2, 3, 7 },
    };

    // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", §C: 4 observers, 12 units,
    // values 1–5, missing data. Unit 12 has one value and is not pairable; n = 40 pairable values,
    // n_c = 9, 13, 10, 5, 3 (Σ n_c² = 384), Σ_{c≠k} o_ck = 8, so
    // α = 1 − (n − 1)·8 / (n² − 384) = 1 − 39·8/1216 = 0.743 (Krippendorff: nominal α = 0.743).
    private static readonly int?[][] KrippendorffObservers =
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
        [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
    ];

    [Fact]
    public void FleissKappa_MatchesTheWikipediaWorkedExample()
    {
        var result = FleissKappa.Compute(ItemCategoryCounts.FromCounts(FleissWikipedia));

        Assert.Equal(0.210, Math.Round(result.Kappa.Value!.Value, 3));
        Assert.Equal(0.378, Math.Round(result.MeanObservedAgreement!.Value, 3));
        Assert.Equal(0.213, Math.Round(result.ExpectedAgreement!.Value, 3));
        Assert.Equal(10, result.Items);
        Assert.Equal(140, result.Ratings);
        Assert.True(result.ConstantRatersPerItem);
    }

    [Fact]
    public void FleissKappa_FromARatingTable_EqualsFleissFromCounts()
    {
        // The same tallies spread over 14 rater columns (rater r gets the r-th label of the subject).
        var matrix = new int?[10, 14];
        for (int item = 0; item < 10; item++)
        {
            int rater = 0;
            for (int category = 0; category < 5; category++)
            {
                for (int i = 0; i < FleissWikipedia[item, category]; i++)
                {
                    matrix[item, rater++] = category + 1;
                }
            }
        }

        var result = FleissKappa.Compute(RatingTable.FromMatrix(matrix));

        Assert.Equal(0.20993070442195522, result.Kappa.Value!.Value, 12);
    }

    // Varying raters per item, by hand (categories A = 0, B = 1):
    //   item 1: A A A  → P = 1
    //   item 2: A B    → P = 0
    //   item 3: B B    → P = 1
    //   item 4: A      → one label: left out
    // P̄ = 2/3; labels on counted items: A 4, B 3 of 7 → P_e = (16 + 9)/49 = 25/49;
    // κ = (2/3 − 25/49)/(1 − 25/49) = (98 − 75)/147 / (24/49) = 23/72.
    [Fact]
    public void FleissKappa_WithVaryingRatersPerItem_UsesEachItemsOwnCount_AndSaysSo()
    {
        var table = RatingTable.FromMatrix(new int?[,]
        {
            { 0, 0, 0 },
            { 0, 1, null },
            { null, 1, 1 },
            { 0, null, null },
        });

        var result = FleissKappa.Compute(table);

        Assert.Equal(23.0 / 72, result.Kappa.Value!.Value, 12);
        Assert.Equal(3, result.Items);
        Assert.Equal(7, result.Ratings);
        Assert.False(result.ConstantRatersPerItem);
    }

    [Fact]
    public void KrippendorffAlpha_MatchesKrippendorffsWorkedExampleWithMissingData()
    {
        var table = RatingTable.FromRaterColumns(KrippendorffObservers);

        var result = KrippendorffAlpha.Compute(table);

        Assert.Equal(0.743, Math.Round(result.Alpha.Value!.Value, 3));
        Assert.Equal(1 - (39.0 * 8 / 1216), result.Alpha.Value!.Value, 12);
        Assert.Equal(11, result.Units);
        Assert.Equal(40, result.PairableValues);
        Assert.Equal(8.0 / 40, result.ObservedDisagreement!.Value, 12);
        Assert.Equal(1216.0 / (40 * 39), result.ExpectedDisagreement!.Value, 12);
    }

    [Fact]
    public void EveryCoefficientIsUndefinedWithAReason_When_EveryVoteIsTheSameLabel()
    {
        var table = RatingTable.FromMatrix(new int?[,] { { 1, 1, 1 }, { 1, 1, null }, { 1, 1, 1 } });

        var report = Agreement.Compute(table);

        Assert.Equal(KrippendorffAlpha.NoExpectedDisagreement, report.Alpha.Alpha.UndefinedReason);
        Assert.Equal("every vote is the same label: expected disagreement is zero", report.Alpha.Alpha.UndefinedReason);
        Assert.Null(report.Alpha.Alpha.Value);
        Assert.Equal(FleissKappa.ChanceAgreementIsOne, report.FleissKappa.Kappa.UndefinedReason);
        Assert.Equal(CohensKappa.ChanceAgreementIsOne, report.PairwiseKappa[0, 1]!.Kappa.UndefinedReason);
        Assert.Null(report.AlphaInterval!.Interval);
        Assert.NotNull(report.AlphaInterval.UndefinedReason);
        // Raw agreement is still perfectly well defined.
        Assert.Equal(1.0, report.PercentAgreement.Value.Value);
        Assert.Equal(3, report.PercentAgreement.UnanimousItems);
    }

    [Fact]
    public void EveryCoefficientIsUndefined_When_NoItemHasTwoLabels()
    {
        var table = RatingTable.FromMatrix(new int?[,] { { 1, null }, { null, 0 } });

        var report = Agreement.Compute(table);

        Assert.Equal(KrippendorffAlpha.NoPairableUnits, report.Alpha.Alpha.UndefinedReason);
        Assert.Equal(FleissKappa.NoPairableItems, report.FleissKappa.Kappa.UndefinedReason);
        Assert.Equal(FleissKappa.NoPairableItems, report.PercentAgreement.Value.UndefinedReason);
        Assert.Equal(CohensKappa.NoPairs, report.PairwiseKappa[0, 1]!.Kappa.UndefinedReason);
        Assert.Equal(KrippendorffAlpha.NoPairableUnits, report.AlphaInterval!.UndefinedReason);
        Assert.DoesNotContain("NaN", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void PerfectAgreementWithTwoLabelsInUse_GivesAlphaAndKappaOfOne()
    {
        var table = RatingTable.FromMatrix(new int?[,] { { 0, 0, 0 }, { 1, 1, null }, { 1, 1, 1 }, { 0, 0, 0 } });

        var report = Agreement.Compute(table);

        Assert.Equal(1.0, report.Alpha.Alpha.Value!.Value, 14);
        Assert.Equal(1.0, report.FleissKappa.Kappa.Value!.Value, 14);
        Assert.Equal(1.0, report.PairwiseKappa[0, 1]!.Kappa.Value!.Value, 14);
    }

    // Percent agreement by hand over 3 raters:
    //   item 1: A A A → 1;  item 2: A A B → pairs agreeing 2 of 6 ordered = 1/3;  item 3: A B → 0.
    //   mean = (1 + 1/3 + 0)/3 = 4/9; one unanimous item.
    [Fact]
    public void PercentAgreement_IsTheMeanShareOfAgreeingPairsPerItem()
    {
        var table = RatingTable.FromMatrix(new int?[,] { { 0, 0, 0 }, { 0, 0, 1 }, { 0, 1, null } });

        var result = Agreement.PercentAgreement(table);

        Assert.Equal(4.0 / 9, result.Value.Value!.Value, 12);
        Assert.Equal(3, result.Items);
        Assert.Equal(1, result.UnanimousItems);
        Assert.Equal([1.0, 1.0 / 3, 0.0], Agreement.PerItem(table).Select(p => p!.Value));
    }

    [Fact]
    public void PairwiseKappa_CoversEveryPair_WithItsOwnN_AndMatchesTwoRaterKappa()
    {
        int?[] a = [1, 1, 0, 0, 1, 0, 1, null];
        int?[] b = [1, 0, 0, 0, 1, 1, 1, 1];
        int?[] c = [1, 1, 0, null, null, 0, 0, 1];
        var table = RatingTable.FromRaterColumns([a, b, c]);

        var matrix = Agreement.PairwiseKappa(table);

        Assert.Null(matrix[1, 1]);
        Assert.Equal(CohensKappa.Compute(a, b), matrix[0, 1]);
        Assert.Equal(CohensKappa.Compute(a, c), matrix[0, 2]);
        Assert.Equal(CohensKappa.Compute(b, c), matrix[2, 1]);
        Assert.Equal(7, matrix[0, 1]!.N);
        Assert.Equal(5, matrix[0, 2]!.N);
        Assert.Equal(6, matrix[1, 2]!.N);
        Assert.Equal([(0, 1), (0, 2), (1, 2)], matrix.Pairs().Select(p => (p.A, p.B)));
    }

    // Gold by hand, labels Safe = 1 / Unsafe = 2, 6 items:
    //   gold:    1 1 1 2 2 —
    //   rater 0: 1 1 2 2 2 1   → 5 items with gold, 4 right
    //   rater 1: 1 1 1 2 — —   → 4 items with gold, all right: κ = 1
    // Rater 0 vs gold (rows rater, columns gold): (1,1) 2, (2,1) 1, (2,2) 2 → p_o = 4/5;
    // rater shares 2/5, 3/5; gold shares 3/5, 2/5 → p_e = 6/25 + 6/25 = 12/25; κ = (20/25 − 12/25)/(13/25) = 8/13.
    [Fact]
    public void WithGold_GivesEachRatersAccuracyAndKappa()
    {
        int?[] rater0 = [1, 1, 2, 2, 2, 1];
        int?[] rater1 = [1, 1, 1, 2, null, null];
        var table = RatingTable.FromRaterColumns([rater0, rater1]);

        var result = Agreement.WithGold(table, [1, 1, 1, 2, 2, null]);

        Assert.Equal(4, result[0].Accuracy.Successes);
        Assert.Equal(5, result[0].Accuracy.N);
        Assert.NotNull(result[0].Accuracy.Interval);
        Assert.Equal(8.0 / 13, result[0].Kappa.Kappa.Value!.Value, 12);
        Assert.Equal(1.0, result[1].Accuracy.Value);
        Assert.Equal(1.0, result[1].Kappa.Kappa.Value!.Value, 12);
    }

    [Fact]
    public void WithGold_HandlesAGoldLabelNoRaterUsed()
    {
        var table = RatingTable.FromRaterColumns([[1, 1, 2, 2]]);

        var result = Agreement.WithGold(table, [1, 3, 2, 2]);

        Assert.Equal(3, result[0].Accuracy.Successes);
        Assert.Equal(4, result[0].Kappa.N);
        Assert.True(result[0].Kappa.Kappa.Value < 1);
    }
}
