using FalseReject.Web.Statistics;

namespace FalseReject.Web.Tests.Statistics;

public sealed class CohensKappaTests
{
    // By hand, 50 items, two raters, Yes (1) / No (0):
    //                 B: Yes   B: No
    //   A: Yes          20       5     | 25
    //   A: No           10      15     | 25
    //                   30      20       50
    // p_o = (20 + 15)/50 = 0.70; p_e = 0.5·0.6 + 0.5·0.4 = 0.50; κ = (0.70 − 0.50)/(1 − 0.50) = 0.40.
    [Fact]
    public void TwoByTwo_ByHand_IsZeroPointFour()
    {
        var result = CohensKappa.FromTable([20, 5, 10, 15], 2);

        Assert.Equal(50, result.N);
        Assert.Equal(0.70, result.ObservedAgreement!.Value, 12);
        Assert.Equal(0.50, result.ExpectedAgreement!.Value, 12);
        Assert.Equal(0.40, result.Kappa.Value!.Value, 12);
    }

    [Fact]
    public void FromPairedLabels_DropsPairsWithAMissingLabel_AndMatchesTheTable()
    {
        var a = new List<int?>();
        var b = new List<int?>();
        void Add(int count, int? x, int? y)
        {
            for (int i = 0; i < count; i++)
            {
                a.Add(x);
                b.Add(y);
            }
        }
        Add(20, 1, 1);
        Add(5, 1, 0);
        Add(10, 0, 1);
        Add(15, 0, 0);
        Add(4, null, 1);
        Add(3, 0, null);
        Add(2, null, null);

        var result = CohensKappa.Compute(a.ToArray(), b.ToArray());

        Assert.Equal(50, result.N);
        Assert.Equal(0.40, result.Kappa.Value!.Value, 12);
    }

    // Three categories (labels 7, 8, 9 — any integers), 10 items:
    //   A: 7 7 7 7 8 8 8 9 9 9
    //   B: 7 7 7 8 8 8 9 9 9 7
    // agreements: items 1,2,3,5,6,8,9 → p_o = 7/10.
    // A's shares 0.4/0.3/0.3, B's 0.4/0.3/0.3 → p_e = 0.16 + 0.09 + 0.09 = 0.34.
    // κ = (0.70 − 0.34)/0.66 = 0.5454…
    [Fact]
    public void ThreeCategories_ByHand()
    {
        int?[] a = [7, 7, 7, 7, 8, 8, 8, 9, 9, 9];
        int?[] b = [7, 7, 7, 8, 8, 8, 9, 9, 9, 7];

        var result = CohensKappa.Compute(a, b);

        Assert.Equal(0.34, result.ExpectedAgreement!.Value, 12);
        Assert.Equal(0.36 / 0.66, result.Kappa.Value!.Value, 12);
    }

    [Fact]
    public void PerfectAgreement_IsOne_And_SystematicDisagreement_IsMinusOne()
    {
        Assert.Equal(1.0, CohensKappa.Compute([1, 0, 1, 0], [1, 0, 1, 0]).Kappa.Value);
        Assert.Equal(-1.0, CohensKappa.Compute([1, 0, 1, 0], [0, 1, 0, 1]).Kappa.Value);
    }

    [Fact]
    public void IsUndefined_When_BothRatersUseOneLabelForEverything()
    {
        var result = CohensKappa.Compute([1, 1, 1], [1, 1, 1]);

        Assert.False(result.Kappa.IsDefined);
        Assert.Equal(CohensKappa.ChanceAgreementIsOne, result.Kappa.UndefinedReason);
        Assert.Equal(1.0, result.ObservedAgreement);
        Assert.Equal(1.0, result.ExpectedAgreement);
    }

    [Fact]
    public void IsZero_NotUndefined_When_OnlyOneRaterIsConstant()
    {
        // p_e = p_o = 0.5: chance explains all the agreement.
        var result = CohensKappa.Compute([1, 1, 1, 1], [1, 0, 1, 0]);

        Assert.Equal(0.0, result.Kappa.Value);
    }

    [Fact]
    public void IsUndefined_When_NoItemHasBothLabels()
    {
        var result = CohensKappa.Compute([1, null], [null, 0]);

        Assert.Equal(0, result.N);
        Assert.Equal(CohensKappa.NoPairs, result.Kappa.UndefinedReason);
        Assert.Null(result.ObservedAgreement);
    }
}
