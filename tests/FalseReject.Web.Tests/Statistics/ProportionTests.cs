using FalseReject.Web.Statistics;

namespace FalseReject.Web.Tests.Statistics;

public sealed class ProportionTests
{
    // Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison of
    // seven methods", Stat. Med. 17:857–872, Table I, method 3 (Wilson score, no continuity
    // correction), published to 4 decimals.
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void WilsonInterval_MatchesNewcombe1998TableI(int successes, int n, double low, double high)
    {
        var interval = Wilson.Interval(successes, n);

        Assert.NotNull(interval);
        Assert.Equal(low, Math.Round(interval.Value.Low, 4));
        Assert.Equal(high, Math.Round(interval.Value.High, 4));
    }

    [Fact]
    public void WilsonInterval_IsNull_When_NIsZero()
    {
        Assert.Null(Wilson.Interval(0, 0));
    }

    [Fact]
    public void WilsonInterval_EndsExactlyAtZeroAndOne_AtTheExtremes()
    {
        Assert.Equal(0, Wilson.Interval(0, 20)!.Value.Low);
        var all = Wilson.Interval(29, 29)!.Value;
        Assert.Equal(1, all.High);
        Assert.Equal(0.8830302015002593, all.Low, 12); // mirror of 0/29
    }

    [Fact]
    public void WilsonInterval_WidensWithConfidence()
    {
        var i90 = Wilson.Interval(15, 148, 0.90)!.Value;
        var i95 = Wilson.Interval(15, 148)!.Value;
        var i99 = Wilson.Interval(15, 148, 0.99)!.Value;

        Assert.True(i90.Low > i95.Low && i95.Low > i99.Low);
        Assert.True(i90.High < i95.High && i95.High < i99.High);
        Assert.True(i99.Contains(15 / 148.0));
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(11, 10)]
    [InlineData(0, -1)]
    public void WilsonInterval_RejectsImpossibleCounts(int successes, int n)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Wilson.Interval(successes, n));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void WilsonInterval_RejectsConfidenceOutsideZeroToOne(double confidence)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Wilson.Interval(1, 10, confidence));
    }

    [Fact]
    public void Proportion_CarriesValueIntervalAndN()
    {
        var p = Proportion.Of(81, 263);

        Assert.True(p.IsDefined);
        Assert.Equal(81, p.Successes);
        Assert.Equal(263, p.N);
        Assert.Equal(81 / 263.0, p.Value);
        Assert.Equal(Wilson.Interval(81, 263), p.Interval);
        Assert.Null(p.UndefinedReason);
    }

    [Fact]
    public void Proportion_IsUndefinedWithAReason_When_NIsZero()
    {
        var p = Proportion.Of(0, 0, undefinedReason: "no judged responses");

        Assert.False(p.IsDefined);
        Assert.Null(p.Value);
        Assert.Null(p.Interval);
        Assert.Equal("no judged responses", p.UndefinedReason);
        Assert.Equal(Proportion.NoObservations, Proportion.Of(0, 0).UndefinedReason);
        Assert.DoesNotContain("NaN", p.ToString(), StringComparison.Ordinal);
    }
}
