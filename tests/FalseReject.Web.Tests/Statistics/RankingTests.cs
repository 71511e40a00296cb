using FalseReject.Web.Statistics;

namespace FalseReject.Web.Tests.Statistics;

public sealed class RankingTests
{
    // rank(i) = 1 + #{ j : Low_j > High_i }.
    //   A [0.80, 0.90]: nobody's interval starts above 0.90                → 1
    //   B [0.75, 0.85]: A starts at 0.80, not above 0.85 (overlap: a tie)  → 1
    //   C [0.50, 0.60]: A (0.80) and B (0.75) lie entirely above            → 3
    //   D [0.55, 0.70]: A and B lie entirely above; C overlaps              → 3
    //   E [0.10, 0.20]: all four lie entirely above                          → 5
    [Fact]
    public void OverlappingIntervalsShareARank_AsChatbotArenaDoes()
    {
        Interval[] intervals =
        [
            new(0.80, 0.90), new(0.75, 0.85), new(0.50, 0.60), new(0.55, 0.70), new(0.10, 0.20),
        ];

        Assert.Equal([1, 1, 3, 3, 5], Ranking.Rank(intervals));
    }

    [Fact]
    public void TouchingIntervals_AreNotAbove()
    {
        Interval[] intervals = [new(0.5, 0.7), new(0.3, 0.5)];

        Assert.Equal([1, 1], Ranking.Rank(intervals));
    }

    [Fact]
    public void DisjointIntervals_RankInOrder_RegardlessOfInputOrder()
    {
        Interval[] intervals = [new(0.1, 0.2), new(0.7, 0.8), new(0.4, 0.5)];

        Assert.Equal([3, 1, 2], Ranking.Rank(intervals));
    }

    [Fact]
    public void EntriesWithoutAnInterval_GetNoRank_AndDoNotCount()
    {
        List<Interval?> intervals = [new Interval(0.1, 0.2), null, new Interval(0.7, 0.8)];

        Assert.Equal([2, null, 1], Ranking.Rank(intervals));
    }

    [Fact]
    public void RanksByEitherMetric_FromTheirOwnIntervals()
    {
        var a = ResponseMetrics.Compute(new ResponseCounts(900, 50, 50, 0));   // CR 0.90, USR 0.95
        var b = ResponseMetrics.Compute(new ResponseCounts(500, 490, 10, 0));  // CR 0.50, USR 0.99

        Assert.Equal([1, 2], Ranking.Rank([a.ComplianceRate.Interval, b.ComplianceRate.Interval]));
        Assert.Equal([2, 1], Ranking.Rank([a.UsefulSafetyRate.Interval, b.UsefulSafetyRate.Interval]));
    }

    [Fact]
    public void EmptyInput_GivesNoRanks()
    {
        Assert.Empty(Ranking.Rank(ReadOnlySpan<Interval>.Empty));
    }
}
