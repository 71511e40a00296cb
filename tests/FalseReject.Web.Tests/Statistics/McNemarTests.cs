using FalseReject.Web.Statistics;

namespace FalseReject.Web.Tests.Statistics;

public sealed class McNemarTests
{
    // Agresti, "Categorical Data Analysis" (2nd ed., 2002), §10.1, Table 10.1: presidential approval
    // of 1,600 people in two surveys a month apart: 794 approve/approve, 150 approve/disapprove,
    // 86 disapprove/approve, 570 disapprove/disapprove. Agresti gives z = (86 − 150)/√236 = −4.17,
    // z² = 17.36 (no correction), p < 0.001. With the continuity correction, 63²/236 = 16.82.
    // Exact two-sided binomial p (86 of 236 at ½) = 3.7159e-5, computed with exact rational arithmetic.
    [Fact]
    public void MatchesAgrestisPresidentialApprovalExample()
    {
        var result = McNemar.Test(b: 150, c: 86);

        Assert.Equal(236, result.Discordant);
        Assert.Equal(17.36, Math.Round(result.ChiSquareUncorrected!.Value, 2));
        Assert.Equal(3969 / 236.0, result.ChiSquare!.Value, 12);
        Assert.Equal(4.1145622813459415e-05, result.PValueChiSquare, 15);
        Assert.Equal(3.715936139571442e-05, result.PValueExact, 15);
        Assert.Equal(McNemarMethod.ChiSquareCorrected, result.Method);
        Assert.Equal(result.PValueChiSquare, result.PValue);
        Assert.Null(result.UndefinedReason);
    }

    // Exact p-values by hand: 2 · Σ_{k ≤ min} C(n, k) / 2ⁿ.
    //   (2, 8):  2 · (1 + 10 + 45)/1024 = 0.109375
    //   (0, 10): 2 · 1/1024           = 0.001953125
    // The others from exact rational arithmetic; the sum runs in log space (relative error ~1e-11 at n = 6,300).
    [Theory]
    [InlineData(2, 8, 0.109375)]
    [InlineData(0, 10, 0.001953125)]
    [InlineData(8, 2, 0.109375)]
    [InlineData(5, 5, 1.0)]
    [InlineData(1, 0, 1.0)]
    [InlineData(10, 20, 0.09873714670538902)]
    [InlineData(3000, 3300, 0.00016475607669748032)]
    public void ExactPValue_MatchesTheBinomialSum(int b, int c, double expected)
    {
        Assert.Equal(1, McNemar.Test(b, c).PValueExact / expected, 9);
    }

    [Fact]
    public void SmallDiscordantCounts_ShowTheExactPValue()
    {
        var result = McNemar.Test(2, 8);

        Assert.Equal(McNemarMethod.ExactBinomial, result.Method);
        Assert.Equal(0.109375, result.PValue, 14);
    }

    [Fact]
    public void NoDiscordantPairs_GivesPOneWithAReason()
    {
        var result = McNemar.Test(0, 0);

        Assert.Equal(1, result.PValue);
        Assert.Null(result.ChiSquare);
        Assert.Contains("no discordant pairs", result.UndefinedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void ContinuityCorrection_NeverGoesNegative_When_BEqualsC()
    {
        var result = McNemar.Test(30, 30);

        Assert.Equal(0, result.ChiSquare);
        Assert.Equal(1, result.PValueChiSquare);
    }

    [Fact]
    public void CountsDiscordantPairs_FromPairedOutcomes_SkippingMissing()
    {
        bool?[] first = [true, true, false, false, true, null, true];
        bool?[] second = [true, false, true, false, false, false, null];

        var result = McNemar.Test(first, second);

        Assert.Equal(2, result.B);
        Assert.Equal(1, result.C);
    }
}
