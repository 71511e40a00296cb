using FalseReject.Web.Features.Leaderboard;

namespace FalseReject.Web.Tests.Leaderboard;

/// <summary>The leaderboard's CSV download follows the app's one CSV rule (Rendering/SafeCsv).</summary>
public sealed class LeaderboardExportTests
{
    private static LeaderboardView View(params string[] models) => new(new LeaderboardFilter(), null, [],
        [.. models.Select((m, i) => new LeaderboardEntry { Model = m, RunId = i + 1, ComplianceRate = 0.25, RankByComplianceRate = i + 1 })], []);

    private static string[] Lines(string csv) => csv.Split("\r\n");

    [Fact]
    public void Csv_EscapesAModelNameThatStartsLikeAFormula()
    {
        var lines = Lines(LeaderboardExport.ToCsv(View("=HYPERLINK(\"http://example.org\")", "-minus", "Plain, model")));

        Assert.Equal(string.Join(',', LeaderboardExport.CsvColumns), lines[0]);
        Assert.StartsWith("1,\"'=HYPERLINK(\"\"http://example.org\"\")\",false,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("2,\"'-minus\",false,", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("3,\"Plain, model\",false,", lines[3], StringComparison.Ordinal);
        Assert.Equal(",false,false,false,1,,,,,,,0.25,,,,,,,,false", lines[1][lines[1].IndexOf(",false", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void Csv_WritesTheModelNameExactly_WhenRaw()
    {
        var lines = Lines(LeaderboardExport.ToCsv(View("=1+1"), raw: true));

        Assert.StartsWith("1,=1+1,false,", lines[1], StringComparison.Ordinal);
    }
}
