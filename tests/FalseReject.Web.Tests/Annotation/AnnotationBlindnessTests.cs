using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;
using FalseReject.Web.Features.Review;
using FalseReject.Web.Security;
using FalseReject.Web.Tests.Review;
using static FalseReject.Web.Tests.Annotation.AnnotationTestBed;

namespace FalseReject.Web.Tests.Annotation;

/// <summary>What an annotator can obtain from the services never reveals other people's work.</summary>
public sealed class AnnotationBlindnessTests : IAsyncLifetime
{
    private AnnotationTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await StartAsync();

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task TheSecondAnnotator_SeesNeitherTheFirstVote_NorItsComment_NorACount()
    {
        var dataset = await _bed.AddDatasetAsync(2, settings: new AnnotationSettings { VotesPerItem = 3 });
        var a = await _bed.AddAnnotatorAsync("a");
        var b = await _bed.AddAnnotatorAsync("b");
        var item = (await a.Service.NextAsync(dataset, AnnotationTaskType.QueryLabel, null))!.ItemId;
        await a.Service.SubmitAsync(item, Unsafe("SECRET-COMMENT-OF-A"));

        var seenByB = (await b.Service.NextAsync(dataset, AnnotationTaskType.QueryLabel, null))!;
        Assert.Equal(item, seenByB.ItemId);
        Assert.Null(seenByB.MyVote);
        Assert.DoesNotContain("SECRET-COMMENT-OF-A", seenByB.ToString());
        Assert.Null(await b.Service.OpenMyVoteAsync(item));
        Assert.Empty(await b.Service.GetMyHistoryAsync());

        // Progress speaks of b's own work and of the dataset as a whole, not of this item.
        var progress = await b.Service.GetProgressAsync(dataset, AnnotationTaskType.QueryLabel);
        Assert.Equal(new AnnotationProgress(0, 2, 2, 0), progress);
    }

    [Fact]
    public void TheViewModels_CarryNoCountsAndNoOtherVotes()
    {
        foreach (var type in new[] { typeof(AnnotationTaskView), typeof(MyVoteView), typeof(HistoryEntry), typeof(AnnotationSession), typeof(AnnotationProgress) })
        {
            var names = type.GetProperties().Select(p => p.Name).ToList();
            Assert.DoesNotContain(names, n => n.Contains("VoteCount", StringComparison.Ordinal) || n == "Votes" || n.Contains("Others", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task TheGoldLabel_IsShownOnlyAfterSettlement_WithWhereMineDiffered()
    {
        var dataset = await _bed.AddDatasetAsync(2);
        var a = await _bed.AddAnnotatorAsync("a");
        var b = await _bed.AddAnnotatorAsync("b");
        var first = (await a.Service.NextAsync(dataset, AnnotationTaskType.QueryLabel, null))!.ItemId;
        await b.Service.NextAsync(dataset, AnnotationTaskType.QueryLabel, null);
        await a.Service.SubmitAsync(first, Safe());

        var pending = Assert.Single(await a.Service.GetMyHistoryAsync());
        Assert.False(pending.Settled);
        Assert.Null(pending.GoldLabel);

        await b.Service.SubmitAsync(first, Unsafe());
        var disputed = Assert.Single(await a.Service.GetMyHistoryAsync());
        Assert.False(disputed.Settled);
        Assert.Null(disputed.GoldLabel);

        // b cannot change their mind now (the votes are locked); a reviewer decides, and both see the gold label.
        Assert.False((await b.Service.SubmitAsync(first, Safe())).Succeeded);
        var reviewer = await _bed.AddUserAsync("reviewer@tests.falsereject.local");
        Assert.True((await _bed.ReviewServiceFor(reviewer, "reviewer@tests.falsereject.local", Roles.Reviewer)
            .AdjudicateAsync(first, new AdjudicationInput(QueryLabel.Safe, null, AdjudicationConfidence.High, AdjudicationReason.AnnotatorError, null))).Succeeded);
        var settled = Assert.Single(await a.Service.GetMyHistoryAsync());
        Assert.True(settled.Settled);
        Assert.Equal(QueryLabel.Safe, settled.GoldLabel);
        Assert.False(settled.DiffersFromGold);
    }

    [Fact]
    public async Task History_MarksWhereMyVoteDifferedFromTheGoldLabel()
    {
        var dataset = await _bed.AddDatasetAsync(1);
        var a = await _bed.AddAnnotatorAsync("a");
        var b = await _bed.AddAnnotatorAsync("b");
        var item = (await a.Service.NextAsync(dataset, AnnotationTaskType.QueryLabel, null))!.ItemId;
        await b.Service.NextAsync(dataset, AnnotationTaskType.QueryLabel, null);
        await a.Service.SubmitAsync(item, Safe());
        await b.Service.SubmitAsync(item, Unsafe());

        // A reviewer (issue 5) adjudicates: the model carries the provenance.
        await using (var db = await _bed.DbFactory.CreateDbContextAsync())
        {
            var stored = await db.AnnotationItems.FindAsync(item);
            stored!.Status = AnnotationItemStatus.Settled;
            stored.GoldLabel = QueryLabel.Unsafe;
            stored.SettlementKind = SettlementKind.Adjudicated;
            stored.SettledAt = _bed.Clock.Now;
            await db.SaveChangesAsync();
        }
        var mine = Assert.Single(await a.Service.GetMyHistoryAsync());
        Assert.True(mine.DiffersFromGold);
        Assert.Equal(QueryLabel.Unsafe, mine.GoldLabel);
        var bs = Assert.Single(await b.Service.GetMyHistoryAsync());
        Assert.False(bs.DiffersFromGold);
    }
}
