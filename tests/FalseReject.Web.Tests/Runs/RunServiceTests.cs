using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Leaderboard;
using FalseReject.Web.Features.Runs;
using FalseReject.Web.Statistics;
using static FalseReject.Web.Tests.Runs.RunTestData;

namespace FalseReject.Web.Tests.Runs;

public sealed class RunServiceTests : IAsyncLifetime
{
    private ServiceTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ServiceTestHost.StartAsync();
        await AddDatasetAsync(_host, "D", 6, i => i <= 3 ? 7 : 41);
        await AddDatasetAsync(_host, "Other", 2);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private RunService Service => _host.GetRequiredService<RunService>();

    private async Task<int> ImportAsync(string model, string dataset, params string[] lines)
    {
        var result = await _host.AsAsync(Reviewer, () => _host.GetRequiredService<RunImportService>().ImportAsync(File(lines), new RunImportRequest(dataset, model)));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return result.RunId!.Value;
    }

    [Fact]
    public async Task Items_AreFilterableByClassCategoryAndSearch_AndPaged()
    {
        var run = await ImportAsync("M", "D",
            Line("P1", "Direct Refusal", response: "I cannot help with that."),
            Line("P2", "Full Compliance", response: "Sure: 100% of it"),
            Line("P3", judge: "no class"),
            Line("P4", "Direct Refusal", response: "No."),
            Line("P5", "Safe Partial Compliance"),
            Line("P6", "Full Compliance", reasoning: "thinking..."));

        async Task<int[]> Lines(RunItemQuery q) => [.. (await _host.AsAsync(Reviewer, () => Service.GetItemsAsync(run, q))).Items.Select(i => i.Line)];
        Assert.Equal<int[]>([1, 4], await Lines(new() { Class = ResponseClass.DirectRefusal }));
        Assert.Equal<int[]>([3], await Lines(new() { Unjudged = true }));
        Assert.Equal<int[]>([4, 5, 6], await Lines(new() { CategoryId = 41 }));
        Assert.Equal<int[]>([1], await Lines(new() { Search = "CANNOT" }));
        Assert.Equal<int[]>([2], await Lines(new() { Search = "100%" }));
        Assert.Equal<int[]>([5], await Lines(new() { Search = "p5" }));
        var page = await _host.AsAsync(Reviewer, () => Service.GetItemsAsync(run, new() { Page = 1, PageSize = 4 }));
        Assert.Equal(6, page.Total);
        Assert.Equal([5, 6], page.Items.Select(i => i.Line));
        Assert.Equal("thinking...", page.Items[1].Reasoning);
    }

    [Fact]
    public async Task Override_KeepsHistory_ChangesTheCountedClass_AndTheLeaderboardRecomputes()
    {
        var run = await ImportAsync("M", "D", Line("P1", "Direct Refusal"), Line("P2", "Direct Refusal"), Line("P3", judge: "none"));
        var leaderboard = _host.GetRequiredService<LeaderboardService>();
        Assert.Equal(0.0, (await _host.AsAsync(Reviewer, () => leaderboard.GetAsync(new LeaderboardFilter()))).Entries.Single().ComplianceRate);

        var items = (await _host.AsAsync(Reviewer, () => Service.GetItemsAsync(run, new()))).Items;
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _host.AsAsync(Annotator, () => Service.OverrideAsync(items[0].Id, ResponseClass.FullCompliance, "x")));
        await Assert.ThrowsAsync<ArgumentException>(() => _host.AsAsync(Reviewer, () => Service.OverrideAsync(items[0].Id, ResponseClass.FullCompliance, "  ")));
        await _host.AsAsync(Reviewer, () => Service.OverrideAsync(items[0].Id, ResponseClass.SafePartialCompliance, "Answers the safe part"));
        await _host.AsAsync(Reviewer, () => Service.OverrideAsync(items[0].Id, ResponseClass.FullCompliance, "On reflection, answers fully"));
        await _host.AsAsync(Reviewer, () => Service.OverrideAsync(items[2].Id, ResponseClass.DirectRefusal, "The judge gave no class; it refuses"));

        var first = (await _host.AsAsync(Reviewer, () => Service.GetItemsAsync(run, new()))).Items[0];
        Assert.Equal(ResponseClass.DirectRefusal, first.JudgeClass);
        Assert.Equal(ResponseClass.FullCompliance, first.HumanClass);
        Assert.Equal(ResponseClass.FullCompliance, first.Class);
        Assert.Equal(
            new (ResponseClass?, ResponseClass, string)[] { (ResponseClass.DirectRefusal, ResponseClass.SafePartialCompliance, "Answers the safe part"), (ResponseClass.SafePartialCompliance, ResponseClass.FullCompliance, "On reflection, answers fully") },
            first.History.Select(h => (h.PreviousClass, h.NewClass, h.Reason)).ToArray());
        Assert.All(first.History, h => Assert.Equal("reviewer@tests", h.By));

        var entry = (await _host.AsAsync(Reviewer, () => leaderboard.GetAsync(new LeaderboardFilter()))).Entries.Single();
        Assert.Equal(new ResponseCounts(1, 0, 2, 0), entry.Metrics!.Counts);

        // Judge vs human on the overridden items: one pair (P1: DR vs FC); P3 had no judge class.
        var detail = (await _host.AsAsync(Reviewer, () => Service.GetAsync(run)))!;
        Assert.Equal(2, detail.Agreement.Overridden);
        Assert.Equal(1, detail.Agreement.Pairs);
        Assert.NotNull(detail.Agreement.Kappa);
    }

    [Fact]
    public void JudgeHumanKappa_MatchesCohensKappaOnTheVerdictPairs()
    {
        // Judge vs human: 3 agreements (DR, DR, FC) and 1 disagreement (judge DR, human SPC).
        var agreement = RunService.JudgeHumanKappa(
        [
            (ResponseClass.DirectRefusal, ResponseClass.DirectRefusal),
            (ResponseClass.DirectRefusal, ResponseClass.DirectRefusal),
            (ResponseClass.FullCompliance, ResponseClass.FullCompliance),
            (ResponseClass.DirectRefusal, ResponseClass.SafePartialCompliance),
            (null, ResponseClass.FullCompliance),
        ]);
        Assert.Equal(5, agreement.Overridden);
        Assert.Equal(4, agreement.Pairs);
        // p_o = 3/4; judge shares DR 3/4, FC 1/4; human DR 2/4, FC 1/4, SPC 1/4; p_e = 6/16 + 1/16 = 7/16.
        Assert.Equal((0.75 - 7 / 16.0) / (1 - 7 / 16.0), agreement.Kappa!.Kappa.Value!.Value, 12);
    }

    [Fact]
    public async Task Compare_PairsPromptsFindsRefusalFlipsAndRunsMcNemar()
    {
        var a = await ImportAsync("A", "D", Line("P1", "Direct Refusal"), Line("P2", "Direct Refusal"), Line("P3", "Full Compliance"),
            Line("P4", "Direct Refusal"), Line("P5", judge: "none"), Line("P6", "Safe Partial Compliance"));
        var b = await ImportAsync("B", "D", Line("P1", "Full Compliance"), Line("P2", "Safe Partial Compliance"), Line("P3", "Direct Refusal"),
            Line("P4", "Direct Refusal"), Line("P5", "Direct Refusal"), Line("P6", "Full Compliance"));

        var comparison = await _host.AsAsync(Reviewer, () => Service.CompareAsync(a, b));
        Assert.Equal(6, comparison.Pairs.Count);
        Assert.Equal(["P1", "P2", "P3"], comparison.Pairs.Where(p => p.IsFlip).Select(p => p.Prompt));
        Assert.Equal(5, comparison.BothJudged);
        Assert.Equal(2, comparison.RefusedByAOnly);
        Assert.Equal(1, comparison.RefusedByBOnly);
        Assert.Equal(McNemar.Test(2, 1), comparison.McNemar);
        Assert.Equal(1.0, comparison.McNemar.PValue, 12); // exact: min(1, 2·P(X ≤ 1)), X ~ Bin(3, ½) = 2·4/8

        var other = await ImportAsync("C", "Other", Line("P1", "Direct Refusal"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _host.AsAsync(Reviewer, () => Service.CompareAsync(a, other)));
    }

    [Fact]
    public async Task List_ShowsRunsWithItemAndUnjudgedCounts()
    {
        await ImportAsync("A", "D", Line("P1", "Direct Refusal"), Line("P2", judge: "?"));
        await ImportAsync("B", "Other", Line("P1", "Direct Refusal"));
        var all = await _host.AsAsync(Reviewer, () => Service.ListAsync());
        Assert.Equal(["B", "A"], all.Select(r => r.Model));
        Assert.Equal((2, 1), (all[1].Items, all[1].Unjudged));
        Assert.Equal(["A"], (await _host.AsAsync(Reviewer, () => Service.ListAsync("D"))).Select(r => r.Model));
    }
}
