using FalseReject.Web.Features.Leaderboard;
using FalseReject.Web.Statistics;

namespace FalseReject.Web.Tests.Leaderboard;

public sealed class LeaderboardFormatTests
{
    [Theory]
    [InlineData(1.0, "p = 1.0")]
    [InlineData(0.0625, "p = 0.0625")]
    [InlineData(0.05, "p = 0.05")]
    [InlineData(0.0001, "p = 0.0001")]
    [InlineData(0.00009, "p < 0.0001")]
    [InlineData(0.0, "p < 0.0001")]
    public void APValue_ReadsToFourDecimals_AndNeverAsZero(double p, string shown) =>
        Assert.Equal(shown, LeaderboardFormat.PValue(p));

    [Fact]
    public void AVerySmallMcNemarPValue_ReadsAsBelowTheFloor()
    {
        // 40 discordant pairs all one way: corrected χ² = 39²/40 = 38.025, upper tail p ≈ 7e-10.
        var result = McNemar.Test(40, 0);
        Assert.Equal(38.025, result.ChiSquare!.Value, 10);
        Assert.True(result.PValue is > 1e-10 and < 1e-9, $"p = {result.PValue}");
        Assert.Equal("p < 0.0001", LeaderboardFormat.PValue(result.PValue));
    }
}
