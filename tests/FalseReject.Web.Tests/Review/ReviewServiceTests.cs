using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;
using FalseReject.Web.Features.Review;
using FalseReject.Web.Security;
using FalseReject.Web.Tests.Annotation;
using static FalseReject.Web.Tests.Review.ReviewTestBed;

namespace FalseReject.Web.Tests.Review;

/// <summary>The disagreement queue, adjudication and gold label provenance on a real SQLite file.</summary>
public sealed class ReviewServiceTests : IAsyncLifetime
{
    private AnnotationTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await AnnotationTestBed.StartAsync();

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    /// <summary>
    /// Three annotators (N = 3) on five queries, labels per ordinal:
    /// q0 S S S (unanimous) · q1 S S s (all Safe, one unsure) · q2 S U U · q3 U S s (one unsure) · q4 U U U.
    /// </summary>
    private async Task<(int Dataset, List<AnnotationItem> Items, Annotator A, Annotator B, Annotator C)> SeedDisputesAsync(
        bool acceptMajority = false, int[]? categories = null)
    {
        var dataset = await _bed.AddDatasetAsync(5, categories: categories,
            settings: new AnnotationSettings { VotesPerItem = 3, AcceptMajority = acceptMajority });
        var a = await _bed.AddAnnotatorAsync("ann-a");
        var b = await _bed.AddAnnotatorAsync("ann-b");
        var c = await _bed.AddAnnotatorAsync("ann-c");
        await _bed.VoteAsync(a.Service, dataset, o => Label("SSSUU", o));
        await _bed.VoteAsync(b.Service, dataset, o => Label("SSUSU", o));
        await _bed.VoteAsync(c.Service, dataset, o => Label("SsUsU", o));
        return (dataset, await _bed.ItemsAsync(dataset), a, b, c);
    }

    [Fact]
    public async Task Queue_ListsSplitAndUnsureItems_LowestAgreementFirst_ThenMostUnsure()
    {
        var (dataset, items, _, _, _) = await SeedDisputesAsync();
        var (_, reviewer) = await _bed.AddReviewerAsync("rev");

        var queue = await reviewer.GetQueueAsync(dataset, new ReviewQueueFilter());

        // q2 and q3 agree on 1 pair of 3 (1/3); q3 carries an Unsure flag, so it comes first; q1 agrees fully but is unsure.
        Assert.Equal([items[3].Id, items[2].Id, items[1].Id], queue!.Items.Select(i => i.ItemId));
        Assert.Equal([1 / 3.0, 1 / 3.0, 1.0], queue.Items.Select(i => i.Agreement!.Value), new ToleranceComparer(1e-12));
        var q3 = queue.Items[0];
        Assert.Equal((1, 2, 1), (q3.UnsafeVotes, q3.SafeVotes, q3.UnsureVotes));
        Assert.Equal(new ReviewCounts(Items: 5, Open: 0, OpenDisputes: 3, Unanimous: 2, Majority: 0, Adjudicated: 0), queue.Counts);
        Assert.Equal(3, queue.Annotators.Count);
        Assert.All(queue.Items, i => Assert.False(i.VotedByMe));
    }

    [Fact]
    public async Task Queue_FiltersByCategory_Annotator_AndStatus()
    {
        var (dataset, items, a, _, _) = await SeedDisputesAsync(categories: [7, 41]);
        var d = await _bed.AddAnnotatorAsync("ann-d");
        var (_, reviewer) = await _bed.AddReviewerAsync("rev");

        // q1 and q3 are category 41 (odd ordinals).
        var byCategory = await reviewer.GetQueueAsync(dataset, new ReviewQueueFilter(CategoryId: 41));
        Assert.Equal([items[3].Id, items[1].Id], byCategory!.Items.Select(i => i.ItemId));
        Assert.Equal([7, 41], byCategory.Categories.Select(c => c.Id));

        // Every disputed item has a's vote; d voted on none.
        Assert.Equal(3, (await reviewer.GetQueueAsync(dataset, new ReviewQueueFilter(AnnotatorId: a.Id)))!.Items.Count);
        Assert.Empty((await reviewer.GetQueueAsync(dataset, new ReviewQueueFilter(AnnotatorId: d.Id)))!.Items);

        Assert.True((await reviewer.AdjudicateAsync(items[2].Id, Decide(QueryLabel.Unsafe))).Succeeded);
        var open = await reviewer.GetQueueAsync(dataset, new ReviewQueueFilter());
        Assert.Equal([items[3].Id, items[1].Id], open!.Items.Select(i => i.ItemId));
        var adjudicated = await reviewer.GetQueueAsync(dataset, new ReviewQueueFilter(Status: ReviewStatusFilter.Adjudicated));
        var only = Assert.Single(adjudicated!.Items);
        Assert.Equal((items[2].Id, SettlementKind.Adjudicated, QueryLabel.Unsafe), (only.ItemId, only.Kind, only.GoldLabel));
        Assert.Equal(5, (await reviewer.GetQueueAsync(dataset, new ReviewQueueFilter(Status: ReviewStatusFilter.All)))!.Items.Count);
        Assert.Equal((2, 1), (open.Counts.OpenDisputes, open.Counts.Adjudicated));
    }

    [Fact]
    public async Task Adjudication_RecordsWhoWhenWhyAndHowSure_OnTheItemAndInTheHistory()
    {
        var (_, items, _, _, _) = await SeedDisputesAsync();
        var (reviewerId, reviewer) = await _bed.AddReviewerAsync("rev");
        _bed.Clock.Advance(TimeSpan.FromMinutes(5));

        var result = await reviewer.AdjudicateAsync(items[3].Id,
            Decide(QueryLabel.Safe, AdjudicationReason.AmbiguousQuery, AdjudicationConfidence.Low, "  Reads as a chemistry safety question.  "));

        Assert.True(result.Succeeded, result.Error);
        var item = (await _bed.ItemsAsync(items[3].DatasetId)).Single(i => i.Id == items[3].Id);
        Assert.Equal(AnnotationItemStatus.Settled, item.Status);
        Assert.Equal(QueryLabel.Safe, item.GoldLabel);
        Assert.Equal(SettlementKind.Adjudicated, item.SettlementKind);
        Assert.Equal(reviewerId, item.SettledById);
        Assert.Equal(_bed.Clock.Now, item.SettledAt);
        Assert.Equal(AdjudicationReason.AmbiguousQuery, item.AdjudicationReason);
        Assert.Equal(AdjudicationConfidence.Low, item.AdjudicationConfidence);
        Assert.Equal("Reads as a chemistry safety question.", item.SettlementNote);

        var view = await reviewer.GetItemAsync(items[3].Id);
        var change = Assert.Single(view!.History);
        Assert.Equal("rev@tests.falsereject.local", change.ChangedBy);
        Assert.Equal((AnnotationItemStatus.Disputed, AnnotationItemStatus.Settled), (change.OldStatus!.Value, change.NewStatus));
        Assert.Equal((null, QueryLabel.Safe), (change.OldLabel, change.NewLabel));
        Assert.Equal((null, SettlementKind.Adjudicated), (change.OldKind, change.NewKind));
        Assert.Equal((AdjudicationReason.AmbiguousQuery, AdjudicationConfidence.Low), (change.Reason!.Value, change.Confidence!.Value));
        Assert.Equal("Reads as a chemistry safety question.", change.Note);
        Assert.Equal("rev@tests.falsereject.local", view.Gold.SettledBy);
    }

    [Fact]
    public async Task ReAdjudication_ReplacesTheGold_AndKeepsEveryChangeInTheHistory()
    {
        var (_, items, _, _, _) = await SeedDisputesAsync();
        var (_, first) = await _bed.AddReviewerAsync("rev-1");
        var (secondId, second) = await _bed.AddReviewerAsync("rev-2");

        Assert.True((await first.AdjudicateAsync(items[2].Id, Decide(QueryLabel.Unsafe, note: "first look"))).Succeeded);
        _bed.Clock.Advance(TimeSpan.FromHours(1));
        Assert.True((await second.AdjudicateAsync(items[2].Id,
            Decide(QueryLabel.Safe, AdjudicationReason.GuidelineGap, AdjudicationConfidence.Medium, "guidelines v2 allow it"))).Succeeded);

        var view = await second.GetItemAsync(items[2].Id);
        Assert.Equal((QueryLabel.Safe, SettlementKind.Adjudicated, "rev-2@tests.falsereject.local"), (view!.Gold.Label!.Value, view.Gold.Kind!.Value, view.Gold.SettledBy!));
        Assert.Equal(AdjudicationReason.GuidelineGap, view.Gold.Reason);
        Assert.Collection(view.History,
            h => Assert.Equal((null, QueryLabel.Unsafe, null, "rev-1@tests.falsereject.local", "first look"),
                (h.OldLabel, h.NewLabel!.Value, h.OldKind, h.ChangedBy!, h.Note!)),
            h => Assert.Equal((QueryLabel.Unsafe, QueryLabel.Safe, SettlementKind.Adjudicated, "rev-2@tests.falsereject.local", "guidelines v2 allow it"),
                (h.OldLabel!.Value, h.NewLabel!.Value, h.OldKind!.Value, h.ChangedBy!, h.Note!)));
        Assert.True(view.History[1].ChangedAt > view.History[0].ChangedAt);

        await using var db = await _bed.DbFactory.CreateDbContextAsync();
        var item = await db.AnnotationItems.SingleAsync(i => i.Id == items[2].Id);
        Assert.Equal(secondId, item.SettledById);
        Assert.Equal(2, await db.GoldLabelHistory.CountAsync(h => h.ItemId == items[2].Id));
    }

    [Fact]
    public async Task AReviewer_CannotAdjudicateAnItemTheyVotedOn()
    {
        var dataset = await _bed.AddDatasetAsync(1, settings: new AnnotationSettings { VotesPerItem = 2 });
        var a = await _bed.AddAnnotatorAsync("ann-a");
        // An annotator who is also a reviewer.
        var bothEmail = "both@tests.falsereject.local";
        var bothId = await _bed.AddUserAsync(bothEmail);
        var asAnnotator = _bed.ServiceFor(bothId, bothEmail, null, Roles.Annotator, Roles.Reviewer);
        var asReviewer = _bed.ReviewServiceFor(bothId, bothEmail, Roles.Annotator, Roles.Reviewer);
        await _bed.VoteAsync(a.Service, dataset, _ => AnnotationTestBed.Safe());
        await _bed.VoteAsync(asAnnotator, dataset, _ => AnnotationTestBed.Unsafe());
        var item = Assert.Single(await _bed.ItemsAsync(dataset));
        Assert.Equal(AnnotationItemStatus.Disputed, item.Status);

        var queueRow = Assert.Single((await asReviewer.GetQueueAsync(dataset, new ReviewQueueFilter()))!.Items);
        Assert.True(queueRow.VotedByMe);
        var view = await asReviewer.GetItemAsync(item.Id);
        Assert.False(view!.CanAdjudicate);
        var result = await asReviewer.AdjudicateAsync(item.Id, Decide(QueryLabel.Unsafe));

        Assert.False(result.Succeeded);
        Assert.Contains("voted on this item", result.Error);
        var after = Assert.Single(await _bed.ItemsAsync(dataset));
        Assert.Equal((AnnotationItemStatus.Disputed, (QueryLabel?)null, (SettlementKind?)null), (after.Status, after.GoldLabel, after.SettlementKind));
        await using var db = await _bed.DbFactory.CreateDbContextAsync();
        Assert.False(await db.GoldLabelHistory.AnyAsync(h => h.ItemId == item.Id));
    }

    [Fact]
    public async Task OnlyReviewersAndAdmins_MayUseTheReviewService()
    {
        var dataset = await _bed.AddDatasetAsync(1);
        var id = await _bed.AddUserAsync("plain@tests.falsereject.local");
        var annotatorOnly = _bed.ReviewServiceFor(id, "plain@tests.falsereject.local", Roles.Annotator);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => annotatorOnly.ListDatasetsAsync());
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => annotatorOnly.GetQueueAsync(dataset, new ReviewQueueFilter()));
        var item = Assert.Single(await _bed.ItemsAsync(dataset));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => annotatorOnly.AdjudicateAsync(item.Id, Decide(QueryLabel.Safe)));

        var admin = _bed.ReviewServiceFor(id, "plain@tests.falsereject.local", Roles.Admin);
        Assert.Single(await admin.ListDatasetsAsync());
    }

    [Fact]
    public async Task Adjudication_IsRefused_ForItemsStillCollectingVotes_AndForIncompleteDecisions()
    {
        var (_, items, _, _, _) = await SeedDisputesAsync();
        var open = await _bed.AddDatasetAsync(1);
        var openItem = Assert.Single(await _bed.ItemsAsync(open));
        var (_, reviewer) = await _bed.AddReviewerAsync("rev");

        Assert.Contains("still collecting votes", (await reviewer.AdjudicateAsync(openItem.Id, Decide(QueryLabel.Safe))).Error);
        Assert.Contains("Reason", (await reviewer.AdjudicateAsync(items[2].Id, new AdjudicationInput(QueryLabel.Safe, null, AdjudicationConfidence.High, null, null))).Error);
        Assert.Contains("Confidence", (await reviewer.AdjudicateAsync(items[2].Id, new AdjudicationInput(QueryLabel.Safe, null, null, AdjudicationReason.GuidelineGap, null))).Error);
        Assert.Contains("Gold label", (await reviewer.AdjudicateAsync(items[2].Id, new AdjudicationInput(null, null, AdjudicationConfidence.High, AdjudicationReason.GuidelineGap, null))).Error);
        Assert.Contains("Note: at most 4000", (await reviewer.AdjudicateAsync(items[2].Id, Decide(QueryLabel.Safe, note: new string('x', 4001)))).Error);
        Assert.Contains("does not exist", (await reviewer.AdjudicateAsync(999_999, Decide(QueryLabel.Safe))).Error);
        Assert.Equal(AnnotationItemStatus.Disputed, (await _bed.ItemsAsync(items[2].DatasetId)).Single(i => i.Id == items[2].Id).Status);
    }

    [Fact]
    public async Task AutomaticSettlement_WritesTheGoldHistory_WithNoReviewer()
    {
        var (_, items, _, _, _) = await SeedDisputesAsync();
        await using var db = await _bed.DbFactory.CreateDbContextAsync();
        var rows = await db.GoldLabelHistory.AsNoTracking().OrderBy(h => h.Id).ToListAsync();

        // q0 (all Safe) and q4 (all Unsafe) settled; disputes change no gold label, so they write nothing.
        Assert.Equal([items[0].Id, items[4].Id], rows.Select(r => r.ItemId));
        Assert.All(rows, r =>
        {
            Assert.Null(r.ChangedById);
            Assert.Equal((AnnotationItemStatus.Open, AnnotationItemStatus.Settled), (r.OldStatus!.Value, r.NewStatus));
            Assert.Equal(SettlementKind.Unanimous, r.NewKind);
            Assert.Null(r.Reason);
        });
        Assert.Equal([QueryLabel.Safe, QueryLabel.Unsafe], rows.Select(r => r.NewLabel!.Value));
    }

    [Fact]
    public async Task AnEditOfADisputedItem_IsRefused_SoOnlyAReviewerChangesItsGoldHistory()
    {
        var dataset = await _bed.AddDatasetAsync(1, settings: new AnnotationSettings { VotesPerItem = 2 });
        var a = await _bed.AddAnnotatorAsync("ann-a");
        var b = await _bed.AddAnnotatorAsync("ann-b");
        await _bed.VoteAsync(a.Service, dataset, _ => AnnotationTestBed.Safe());
        await _bed.VoteAsync(b.Service, dataset, _ => AnnotationTestBed.Unsafe());
        var item = Assert.Single(await _bed.ItemsAsync(dataset));
        Assert.Equal(AnnotationItemStatus.Disputed, item.Status);

        Assert.False((await b.Service.SubmitAsync(item.Id, AnnotationTestBed.Safe())).Succeeded);

        await using var db = await _bed.DbFactory.CreateDbContextAsync();
        Assert.False(await db.GoldLabelHistory.AnyAsync(h => h.ItemId == item.Id));
        Assert.Equal(AnnotationItemStatus.Disputed, (await db.AnnotationItems.SingleAsync(i => i.Id == item.Id)).Status);
    }

    [Fact]
    public async Task TheGoldHistory_IsAppendOnly_InTheStore()
    {
        var (_, items, _, _, _) = await SeedDisputesAsync();
        await using var connection = new SqliteConnection($"Data Source={_bed.Host.DatabasePath}");
        await connection.OpenAsync();
        foreach (var sql in new[] { "UPDATE GoldLabelHistory SET NewLabel = 'Unsafe';", "DELETE FROM GoldLabelHistory;" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var error = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", error.Message);
        }
        await using var db = await _bed.DbFactory.CreateDbContextAsync();
        Assert.Equal(QueryLabel.Safe, (await db.GoldLabelHistory.FirstAsync(h => h.ItemId == items[0].Id)).NewLabel);
    }

    [Fact]
    public async Task MajorityOption_SettlesAStrictMajorityWithoutUnsure_AndLeavesTheRestToReview()
    {
        var (dataset, items, _, _, _) = await SeedDisputesAsync(acceptMajority: true);

        // q2 (S U U) settles Unsafe by majority; q1 and q3 carry an Unsure flag and stay disputed.
        Assert.Equal((AnnotationItemStatus.Settled, QueryLabel.Unsafe, SettlementKind.Majority), (items[2].Status, items[2].GoldLabel!.Value, items[2].SettlementKind!.Value));
        Assert.Equal(AnnotationItemStatus.Disputed, items[1].Status);
        Assert.Equal(AnnotationItemStatus.Disputed, items[3].Status);
        Assert.Equal(SettlementKind.Unanimous, items[0].SettlementKind);

        var (_, reviewer) = await _bed.AddReviewerAsync("rev");
        var audit = await reviewer.GetQueueAsync(dataset, new ReviewQueueFilter(Status: ReviewStatusFilter.Majority));
        Assert.Equal(items[2].Id, Assert.Single(audit!.Items).ItemId);
        Assert.Equal(1, audit.Counts.Majority);
        var history = (await reviewer.GetItemAsync(items[2].Id))!.History;
        Assert.Equal((SettlementKind.Majority, null), (Assert.Single(history).NewKind!.Value, history[0].ChangedBy));

        // A reviewer may still overturn a majority; the history keeps both.
        Assert.True((await reviewer.AdjudicateAsync(items[2].Id, Decide(QueryLabel.Safe, AdjudicationReason.GenuinelyBorderline))).Succeeded);
        var after = (await reviewer.GetItemAsync(items[2].Id))!;
        Assert.Equal([SettlementKind.Majority, SettlementKind.Adjudicated], after.History.Select(h => h.NewKind!.Value));
        Assert.Equal(SettlementKind.Majority, after.History[1].OldKind);
    }

    [Fact]
    public async Task MajorityOption_HasNoEffect_WithFewerThanThreeVotes()
    {
        var dataset = await _bed.AddDatasetAsync(1, settings: new AnnotationSettings { VotesPerItem = 2, AcceptMajority = true });
        var a = await _bed.AddAnnotatorAsync("ann-a");
        var b = await _bed.AddAnnotatorAsync("ann-b");
        await _bed.VoteAsync(a.Service, dataset, _ => AnnotationTestBed.Safe());
        await _bed.VoteAsync(b.Service, dataset, _ => AnnotationTestBed.Unsafe());
        Assert.Equal(AnnotationItemStatus.Disputed, Assert.Single(await _bed.ItemsAsync(dataset)).Status);
    }

    [Fact]
    public async Task AdminSettings_SaveAndReturnTheMajorityOption()
    {
        var dataset = await _bed.AddDatasetAsync(1);
        var adminId = await _bed.AddUserAsync("boss@tests.falsereject.local");
        var settings = _bed.SettingsServiceFor(adminId, "boss@tests.falsereject.local", Roles.Admin);
        Assert.False((await settings.GetAsync(dataset))!.AcceptMajority);
        var saved = await settings.SaveAsync(dataset, new AnnotationSettingsInput(3, 30, false, [], AcceptMajority: true));
        Assert.True(saved.Succeeded);
        Assert.True((await settings.GetAsync(dataset))!.AcceptMajority);
    }

    [Fact]
    public async Task ItemView_ShowsEveryVoteWithItsAnnotator_TimeTaken_AndComment()
    {
        var dataset = await _bed.AddDatasetAsync(1, settings: new AnnotationSettings { VotesPerItem = 2 });
        var a = await _bed.AddAnnotatorAsync("ann-a");
        var b = await _bed.AddAnnotatorAsync("ann-b");
        await _bed.VoteAsync(a.Service, dataset, _ => new VoteInput(QueryLabel.Safe, null, false, "<b>benign</b> to me", 1200));
        _bed.Clock.Advance(TimeSpan.FromSeconds(30));
        await _bed.VoteAsync(b.Service, dataset, _ => new VoteInput(QueryLabel.Unsafe, null, true, null, 45_000));
        var (_, reviewer) = await _bed.AddReviewerAsync("rev");

        var view = await reviewer.GetItemAsync(Assert.Single(await _bed.ItemsAsync(dataset)).Id);

        Assert.Collection(view!.Votes,
            v => Assert.Equal((1, "ann-a@tests.falsereject.local", QueryLabel.Safe, false, "<b>benign</b> to me", 1200L, true),
                (v.Number, v.AnnotatorName, v.Label!.Value, v.Unsure, v.Comment!, v.ActiveMilliseconds, v.Fast)),
            v => Assert.Equal((2, "ann-b@tests.falsereject.local", QueryLabel.Unsafe, true, (string?)null, 45_000L, false),
                (v.Number, v.AnnotatorName, v.Label!.Value, v.Unsure, v.Comment, v.ActiveMilliseconds, v.Fast)));
        Assert.Equal(0.0, view.Agreement);
        Assert.True(view.CanAdjudicate);
        Assert.Empty(view.History);
    }

    [Fact]
    public async Task ResponseReview_DisputedItem_GetsAGoldRubric_ValidatedAgainstItsResponses()
    {
        var dataset = await _bed.AddDatasetAsync(1, withResponsesEvery: 1, settings: new AnnotationSettings { VotesPerItem = 2 });
        var a = await _bed.AddAnnotatorAsync("ann-a");
        var b = await _bed.AddAnnotatorAsync("ann-b");
        var good = new ResponseAssessment(true, true, true, true, true, 4);
        var review = AnnotationTaskType.ResponseReview;
        await _bed.VoteAsync(a.Service, dataset, _ => new VoteInput(null, new ResponseRubric(good, good), false, null, 5000), review);
        await _bed.VoteAsync(b.Service, dataset, _ => new VoteInput(null, new ResponseRubric(good with { StaysSafe = false }, good), false, null, 5000), review);
        var item = Assert.Single(await _bed.ItemsAsync(dataset, review));
        Assert.Equal(AnnotationItemStatus.Disputed, item.Status);
        var (_, reviewer) = await _bed.AddReviewerAsync("rev");

        var queue = await reviewer.GetQueueAsync(dataset, new ReviewQueueFilter(Task: review));
        Assert.Equal(0.0, Assert.Single(queue!.Items).Agreement);

        var missingCot = new AdjudicationInput(null, new ResponseRubric(good, null), AdjudicationConfidence.High, AdjudicationReason.AnnotatorError, null);
        Assert.Contains("CoT response", (await reviewer.AdjudicateAsync(item.Id, missingCot)).Error);

        var gold = new ResponseRubric(good with { StaysSafe = false, Helpfulness = 3 }, good);
        var result = await reviewer.AdjudicateAsync(item.Id, new AdjudicationInput(null, gold, AdjudicationConfidence.High, AdjudicationReason.AnnotatorError, null));
        Assert.True(result.Succeeded, result.Error);
        var view = await reviewer.GetItemAsync(item.Id);
        Assert.Equal(gold, view!.Gold.Rubric);
        Assert.Null(view.Gold.Label);
        Assert.Equal(gold, Assert.Single(view.History).NewRubric);
    }
}

internal sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
{
    public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

    public int GetHashCode(double obj) => 0;
}
