using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Features.Datasets.Import;
using FalseReject.Web.Features.Leaderboard;
using static FalseReject.Web.Tests.Runs.RunTestData;

namespace FalseReject.Web.Tests.Runs;

public sealed class DemoRunSeedTests
{
    [Fact]
    public async Task DemoMode_SeedsThreeSyntheticRunsOnTheDemoDataset_Once_MarkedAsSuch()
    {
        await using var host = await ServiceTestHost.StartAsync(new Dictionary<string, string?> { ["Seed:Demo"] = "true" });
        await host.InitializeAsync(); // a second start adds nothing

        await using var db = await host.CreateDbContextAsync();
        var runs = await db.Runs.Include(r => r.Model).Include(r => r.Dataset).ToListAsync();
        Assert.Equal(3, runs.Count);
        Assert.All(runs, r =>
        {
            Assert.True(r.IsSyntheticDemo);
            Assert.True(r.Model!.IsSyntheticDemo);
            Assert.Contains("(synthetic)", r.Model.Name, StringComparison.Ordinal);
            Assert.Equal(DemoDatasetSeed.DatasetName, r.Dataset!.Name);
            Assert.Contains("Synthetic demo data", r.Notes, StringComparison.Ordinal);
        });
        var queries = await db.Queries.CountAsync(q => q.Dataset!.Name == DemoDatasetSeed.DatasetName);
        Assert.All(runs, r => Assert.Equal(queries, db.RunItems.Count(i => i.RunId == r.Id)));

        var board = await host.AsAsync(Reviewer, () => host.GetRequiredService<LeaderboardService>().GetAsync(new LeaderboardFilter()));
        Assert.Equal(3, board.Entries.Count);
        Assert.All(board.Entries, e => Assert.True(e.SyntheticDemo));
    }
}
