using FalseReject.Web.Features.Leaderboard;
using FalseReject.Web.Features.Leaderboard.Components;
using FalseReject.Web.Statistics;

namespace FalseReject.Web.Tests.Leaderboard;

public sealed class LeaderboardGridTests : MudBunitContext
{
    private static LeaderboardEntry Run(int id, string model, ResponseCounts counts, int rankCr, int rankUsr, bool open = false, bool reasoning = false)
    {
        var metrics = ResponseMetrics.Compute(counts);
        return new LeaderboardEntry
        {
            RunId = id, Model = model, OpenWeights = open, Reasoning = reasoning, Metrics = metrics,
            ComplianceRate = metrics.ComplianceRate.Value, Usr = metrics.UsefulSafetyRate.Value,
            RankByComplianceRate = rankCr, RankByUsr = rankUsr,
        };
    }

    private static readonly LeaderboardEntry[] Entries =
    [
        Run(1, "Alpha", new ResponseCounts(8, 1, 1, 2), 1, 2, open: true),
        Run(2, "Beta", new ResponseCounts(2, 7, 1, 0), 2, 1, reasoning: true),
        new() { Model = "GPT-4o", Reported = true, ComplianceRate = 0.72, Usr = 0.85 },
    ];

    [Fact]
    public void Grid_ShowsRankNRatesWithIntervalsRefusalAndUnjudged_AndBadges()
    {
        var grid = Render<LeaderboardGrid>(p => p.Add(g => g.Entries, Entries).Add(g => g.Sort, LeaderboardSort.ComplianceRate));

        var rows = grid.FindAll("tbody tr");
        Assert.Equal(3, rows.Count);
        var alpha = rows[0];
        Assert.Equal("1", alpha.QuerySelector("[data-testid=rank]")!.TextContent);
        Assert.Equal("Alpha", alpha.QuerySelector("[data-testid=model]")!.TextContent);
        Assert.Equal("10", alpha.QuerySelector("[data-testid=n]")!.TextContent);
        Assert.Equal("0.800", alpha.QuerySelector("[data-testid=cr]")!.TextContent);
        var ci = Wilson.Interval(8, 10)!.Value;
        Assert.Equal(LeaderboardFormat.Interval(ci), alpha.QuerySelector("[data-testid=cr-ci]")!.TextContent);
        Assert.Equal("0.900", alpha.QuerySelector("[data-testid=usr]")!.TextContent);
        Assert.Equal("0.100", alpha.QuerySelector("[data-testid=refusal]")!.TextContent);
        Assert.Equal("2", alpha.QuerySelector("[data-testid=unjudged]")!.TextContent);
        Assert.Contains("open", alpha.TextContent);
        Assert.Contains("reasoning", rows[1].TextContent);
        Assert.Equal("runs/1", alpha.QuerySelector("a")!.GetAttribute("href"));

        var reported = rows[2];
        Assert.NotNull(reported.QuerySelector("[data-testid=reported-badge]"));
        Assert.Equal("–", reported.QuerySelector("[data-testid=n]")!.TextContent);
        Assert.Equal("0.720", reported.QuerySelector("[data-testid=cr]")!.TextContent);
        Assert.Equal("", reported.QuerySelector("[data-testid=cr-ci]")!.TextContent);
    }

    [Fact]
    public void Grid_ShowsTheUsrRank_WhenSortedByUsr()
    {
        var grid = Render<LeaderboardGrid>(p => p.Add(g => g.Entries, Entries).Add(g => g.Sort, LeaderboardSort.Usr));
        Assert.Contains("Rank (USR)", grid.Find("thead").TextContent);
        var rows = grid.FindAll("tbody tr");
        Assert.Equal("2", rows[0].QuerySelector("[data-testid=rank]")!.TextContent);
        Assert.Equal("1", rows[1].QuerySelector("[data-testid=rank]")!.TextContent);
    }
}
