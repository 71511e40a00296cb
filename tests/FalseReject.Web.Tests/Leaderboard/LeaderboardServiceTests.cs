using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Leaderboard;
using FalseReject.Web.Features.Runs;
using FalseReject.Web.Statistics;
using FalseReject.Web.Tests.Runs;
using static FalseReject.Web.Tests.Runs.RunTestData;

namespace FalseReject.Web.Tests.Leaderboard;

public sealed class LeaderboardServiceTests : IAsyncLifetime
{
    private const string FC = "Full Compliance";
    private const string SPC = "Safe Partial Compliance";
    private const string DR = "Direct Refusal";

    private ServiceTestHost _host = null!;
    private int _datasetId;

    public async Task InitializeAsync()
    {
        _host = await ServiceTestHost.StartAsync();
        // P1..P5 in category 7 (Violent Crimes), P6..P10 in category 41 (Medical Advice).
        _datasetId = await AddDatasetAsync(_host, "D", 10, i => i <= 5 ? 7 : 41);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private LeaderboardService Service => _host.GetRequiredService<LeaderboardService>();

    private async Task<int> ImportAsync(string model, string?[] labels, bool open = false, bool reasoning = false, DateOnly? date = null)
    {
        var lines = labels.Select((label, i) => label == "" ? Line($"P{i + 1}", judge: "no verdict") : Line($"P{i + 1}", label)).ToArray();
        var result = await _host.AsAsync(Reviewer, () => _host.GetRequiredService<RunImportService>().ImportAsync(File(lines),
            new RunImportRequest("D", model) { OpenWeights = open, Reasoning = reasoning, RunDate = date ?? new DateOnly(2025, 5, 1) }));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return result.RunId!.Value;
    }

    // Hand-worked run A: category 7 has 3 FC, 1 SPC, 1 DR; category 41 has 1 FC, 1 SPC, 2 DR, 1 unjudged.
    private static readonly string?[] RunA = [FC, FC, FC, SPC, DR, FC, SPC, DR, DR, ""];

    [Fact]
    public async Task Counts_PerClassAndCategory_LeaveUnjudgedOutOfTheDenominator()
    {
        await ImportAsync("A", RunA);
        var entry = Assert.Single((await _host.AsAsync(Reviewer, () => Service.GetAsync(new LeaderboardFilter()))).Entries);

        Assert.Equal(new ResponseCounts(4, 2, 3, 1), entry.Metrics!.Counts);
        Assert.Equal(9, entry.N);
        Assert.Equal(1, entry.Unjudged);
        Assert.Equal(4 / 9.0, entry.ComplianceRate!.Value, 12);
        Assert.Equal(6 / 9.0, entry.Usr!.Value, 12);
        Assert.Equal(3 / 9.0, entry.RefusalRate!.Value, 12);
        Assert.Equal(Wilson.Interval(4, 9), entry.ComplianceRateCi);
        Assert.Equal(Wilson.Interval(6, 9), entry.UsrCi);

        Assert.Equal([7, 41], entry.Categories.Select(c => c.CategoryId));
        var violent = entry.Categories[0];
        Assert.Equal("Violent Crimes", violent.Category);
        Assert.Equal(new ResponseCounts(3, 1, 1, 0), violent.Metrics.Counts);
        Assert.Equal(0.6, violent.Metrics.ComplianceRate.Value!.Value, 12);
        Assert.Equal(0.8, violent.Metrics.UsefulSafetyRate.Value!.Value, 12);
        var medical = entry.Categories[1];
        Assert.Equal(new ResponseCounts(1, 1, 2, 1), medical.Metrics.Counts);
        Assert.Equal(4, medical.Metrics.N);
        Assert.Equal(0.25, medical.Metrics.ComplianceRate.Value!.Value, 12);
        Assert.Equal(0.5, medical.Metrics.UsefulSafetyRate.Value!.Value, 12);
    }

    [Fact]
    public void Aggregate_AddsRowsUpPerRunAndCategory()
    {
        var (total, perCategory) = LeaderboardService.Aggregate(
        [
            new(1, 3, ResponseClass.FullCompliance, 2),
            new(1, 3, null, 1),
            new(1, 1, ResponseClass.DirectRefusal, 4),
            new(1, 3, ResponseClass.SafePartialCompliance, 5),
        ]);
        Assert.Equal(new ResponseCounts(2, 5, 4, 1), total);
        Assert.Equal([1, 3], perCategory.Keys);
        Assert.Equal(new ResponseCounts(0, 0, 4, 0), perCategory[1]);
        Assert.Equal(new ResponseCounts(2, 5, 0, 1), perCategory[3]);
    }

    [Fact]
    public async Task Ranks_TieWhenIntervalsOverlap_AndFollowTheSortMetric()
    {
        await ImportAsync("A", RunA);                                // CR 4/9, Wilson [0.189, 0.733]
        await ImportAsync("B", [.. Enumerable.Repeat<string?>(FC, 10)]); // CR 10/10, Wilson [0.722, 1]
        await ImportAsync("C", [.. Enumerable.Repeat<string?>(DR, 10)]); // CR 0/10, Wilson [0, 0.278]

        var view = await _host.AsAsync(Reviewer, () => Service.GetAsync(new LeaderboardFilter()));
        Assert.Equal(["B", "A", "C"], view.Entries.Select(e => e.Model));
        // B's interval lies entirely above C's only; A overlaps both.
        Assert.Equal<int?[]>([1, 1, 2], [.. view.Entries.Select(e => e.RankByComplianceRate)]);

        // By USR: A = 6/9 [0.354, 0.879], B = 1 [0.722, 1], C = 0 [0, 0.278]: C is below both.
        var byUsr = await _host.AsAsync(Reviewer, () => Service.GetAsync(new LeaderboardFilter { Sort = LeaderboardSort.Usr }));
        Assert.Equal(["B", "A", "C"], byUsr.Entries.Select(e => e.Model));
        Assert.Equal<int?[]>([1, 1, 3], [.. byUsr.Entries.Select(e => e.RankByUsr)]);
    }

    [Fact]
    public async Task Filters_SelectByOpenWeightsReasoningAndRunDate_AndRankAmongTheShownOnly()
    {
        await ImportAsync("Closed", [.. Enumerable.Repeat<string?>(FC, 10)], date: new DateOnly(2025, 1, 10));
        await ImportAsync("Open", [.. Enumerable.Repeat<string?>(DR, 10)], open: true, date: new DateOnly(2025, 3, 10));
        await ImportAsync("Open reasoning", RunA, open: true, reasoning: true, date: new DateOnly(2025, 6, 10));

        Assert.Equal(["Open reasoning", "Open"], (await _host.AsAsync(Reviewer, () => Service.GetAsync(new LeaderboardFilter { OpenWeights = true }))).Entries.Select(e => e.Model));
        Assert.Equal(["Closed"], (await _host.AsAsync(Reviewer, () => Service.GetAsync(new LeaderboardFilter { OpenWeights = false }))).Entries.Select(e => e.Model));
        Assert.Equal(["Open reasoning"], (await _host.AsAsync(Reviewer, () => Service.GetAsync(new LeaderboardFilter { Reasoning = true }))).Entries.Select(e => e.Model));
        var dated = await _host.AsAsync(Reviewer, () => Service.GetAsync(new LeaderboardFilter { From = new DateOnly(2025, 2, 1), To = new DateOnly(2025, 4, 1) }));
        var only = Assert.Single(dated.Entries);
        Assert.Equal("Open", only.Model);
        Assert.Equal(1, only.RankByComplianceRate); // ranked among the entries in view
    }

    [Fact]
    public async Task ReportedResults_AppearOnlyOnAReferenceDataset_Marked_Unranked_AndHideable()
    {
        await ImportAsync("A", RunA);
        Assert.DoesNotContain((await _host.AsAsync(Reviewer, () => Service.GetAsync(new LeaderboardFilter()))).Entries, e => e.Reported);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _host.AsAsync(Reviewer, () => Service.SetReferenceAsync(_datasetId, true)));
        await _host.AsAsync(RunTestData.Admin, () => Service.SetReferenceAsync(_datasetId, true));

        var view = await _host.AsAsync(Reviewer, () => Service.GetAsync(new LeaderboardFilter()));
        Assert.True(view.Dataset!.IsReference);
        var reported = view.Entries.Where(e => e.Reported).ToList();
        Assert.Equal(29, reported.Count);
        Assert.All(reported, e => Assert.Null(e.Metrics));
        Assert.All(reported, e => Assert.Null(e.RankByComplianceRate));
        var r1 = reported.Single(e => e.Model == "DeepSeek-R1");
        Assert.Equal(0.8753, r1.ComplianceRate);
        Assert.Equal(0.9966, r1.Usr);
        Assert.True(r1.OpenWeights && r1.Reasoning);
        Assert.Equal(1, view.Entries.Single(e => !e.Reported).RankByComplianceRate);

        Assert.Equal(3, (await _host.AsAsync(Reviewer, () => Service.GetAsync(new LeaderboardFilter { Reasoning = true }))).Entries.Count(e => e.Reported));
        Assert.DoesNotContain((await _host.AsAsync(Reviewer, () => Service.GetAsync(new LeaderboardFilter { ShowReported = false }))).Entries, e => e.Reported);
    }

    [Fact]
    public async Task Api_ListsEveryEntryWithCountsIntervalsAndRankByComplianceRate()
    {
        await ImportAsync("A", RunA);
        var entry = Assert.Single((await _host.AsAsync(Reviewer, () => Service.GetForApiAsync("D")))!);
        Assert.Equal(("A", 9, 4, 2, 3, 1), (entry.Model, entry.N, entry.FullCompliance, entry.SafePartialCompliance, entry.DirectRefusal, entry.Unjudged));
        Assert.Equal([Wilson.Interval(4, 9)!.Value.Low, Wilson.Interval(4, 9)!.Value.High], entry.ComplianceRateCi!);
        Assert.Equal(1, entry.Rank);
        Assert.False(entry.Reported);
        Assert.Null(await _host.AsAsync(Reviewer, () => Service.GetForApiAsync("No such dataset")));
    }

    [Fact]
    public async Task CachedLeaderboard_IsRecomputed_AfterAnImport()
    {
        await ImportAsync("A", RunA);
        Assert.Single((await _host.AsAsync(Reviewer, () => Service.GetAsync(new LeaderboardFilter()))).Entries);
        await ImportAsync("B", [FC]);
        var entries = (await _host.AsAsync(Reviewer, () => Service.GetAsync(new LeaderboardFilter()))).Entries;
        Assert.Equal(2, entries.Count);
        Assert.Equal(2, (await _host.AsAsync(Reviewer, () => Service.GetAsync(new LeaderboardFilter()))).Datasets.Single().Runs);
    }

    [Fact]
    public async Task Leaderboard_IsDenied_ToAnAnnotator() =>
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _host.AsAsync(Annotator, () => Service.GetAsync(new LeaderboardFilter())));
}
