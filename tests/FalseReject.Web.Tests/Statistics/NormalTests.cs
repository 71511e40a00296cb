using FalseReject.Web.Statistics;

namespace FalseReject.Web.Tests.Statistics;

// Reference values from CPython 3's math.erfc / math.lgamma and statistics.NormalDist.inv_cdf.
public sealed class NormalTests
{
    [Theory]
    [InlineData(0.975, 1.9599639845400536)]
    [InlineData(0.995, 2.5758293035489)]
    [InlineData(0.95, 1.6448536269514715)]
    [InlineData(1e-10, -6.361340902404056)]
    [InlineData(0.5, 0.0)]
    public void Quantile_MatchesReference(double p, double z)
    {
        Assert.Equal(z, Normal.Quantile(p), 12);
    }

    [Theory]
    [InlineData(0.95, 1.959963984540054)]
    [InlineData(0.99, 2.5758293035489)]
    [InlineData(0.90, 1.6448536269514715)]
    public void TwoSidedCriticalValue_IsTheUpperQuantile(double confidence, double z)
    {
        Assert.Equal(z, Normal.TwoSidedCriticalValue(confidence), 12);
    }

    [Theory]
    [InlineData(1e-300)]
    [InlineData(1e-8)]
    [InlineData(0.02)]
    [InlineData(0.3)]
    [InlineData(0.7)]
    [InlineData(0.999)]
    public void Cdf_InvertsQuantile(double p)
    {
        Assert.Equal(1, Normal.Cdf(Normal.Quantile(p)) / p, 12);
    }

    [Theory]
    [InlineData(0.1, 0.8875370839817152)]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(1.0, 0.15729920705028513)]
    [InlineData(2.0, 0.004677734981047265)]
    [InlineData(3.0, 2.2090496998585438e-05)]
    [InlineData(5.0, 1.5374597944280351e-12)]
    [InlineData(10.0, 2.088487583762545e-45)]
    [InlineData(20.0, 5.3958656116079005e-176)]
    [InlineData(-1.0, 1.842700792949715)]
    [InlineData(0.0, 1.0)]
    public void Erfc_MatchesReference_ToRelative1e13(double x, double expected)
    {
        Assert.Equal(1, Normal.Erfc(x) / expected, 13);
    }

    [Theory]
    [InlineData(0.1, 2.2527126517342055)]
    [InlineData(0.3, 1.0957979948180752)]
    [InlineData(1.5, -0.12078223763524543)]
    [InlineData(2.5, 0.2846828704729196)]
    [InlineData(7.3, 7.147892523022248)]
    [InlineData(100.5, 361.4355404677776)]
    public void LogGamma_MatchesReference(double x, double expected)
    {
        Assert.Equal(expected, Gamma.LogGamma(x), 12);
    }

    [Fact]
    public void ChiSquareUpperTail_OneDf_Is0Point05At3Point8415()
    {
        Assert.Equal(0.05, Normal.ChiSquareUpperTail(3.841458820694124), 12);
        Assert.Equal(1, Normal.ChiSquareUpperTail(0));
        // 2 df: the tail is exp(−x/2).
        Assert.Equal(Math.Exp(-3), Normal.ChiSquareUpperTail(6, 2), 14);
    }
}
