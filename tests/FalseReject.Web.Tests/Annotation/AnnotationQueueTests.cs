using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;
using FalseReject.Web.Security;
using FalseReject.Web.Tests.Review;
using static FalseReject.Web.Tests.Annotation.AnnotationTestBed;

namespace FalseReject.Web.Tests.Annotation;

/// <summary>The queue's rules on a real SQLite file.</summary>
public sealed class AnnotationQueueOnSqliteTests : AnnotationQueueBehaviour
{
    protected override bool OnPostgres => false;
}

/// <summary>The queue's rules on a real PostgreSQL server (FALSEREJECT_TEST_POSTGRES; tests/run.sh starts one).</summary>
public sealed class AnnotationQueueOnPostgresTests : AnnotationQueueBehaviour
{
    protected override bool OnPostgres => true;
}

/// <summary>
/// The annotation queue's rules, one class run against each store: the same statements
/// (<see cref="AnnotationQueueStore"/>) must keep every rule on both.
/// </summary>
public abstract class AnnotationQueueBehaviour : IAsyncLifetime
{
    private AnnotationTestBed _bed = null!;

    protected abstract bool OnPostgres { get; }

    public async Task InitializeAsync() => _bed = await StartAsync(OnPostgres);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private const AnnotationTaskType Label = AnnotationTaskType.QueryLabel;

    [Fact]
    public async Task NextItem_FollowsDatasetOrder_AndServesTheHeldReservationAgain()
    {
        var dataset = await _bed.AddDatasetAsync(5);
        var ann = await _bed.AddAnnotatorAsync("ann");
        var first = await ann.Service.NextAsync(dataset, Label, null);
        var again = await ann.Service.NextAsync(dataset, Label, null);
        var items = await _bed.ItemsAsync(dataset);
        Assert.Equal(items[0].Id, first!.ItemId);
        Assert.Equal(first.ItemId, again!.ItemId);
        Assert.Contains("query 0", first.Prompt);
        Assert.Null(first.MyVote);
    }

    [Fact]
    public async Task ReservationsCountTowardsN_SoAThirdAnnotatorGetsTheNextItem()
    {
        var dataset = await _bed.AddDatasetAsync(3);
        var a = await _bed.AddAnnotatorAsync("a");
        var b = await _bed.AddAnnotatorAsync("b");
        var c = await _bed.AddAnnotatorAsync("c");
        var items = await _bed.ItemsAsync(dataset);
        Assert.Equal(items[0].Id, (await a.Service.NextAsync(dataset, Label, null))!.ItemId);
        Assert.Equal(items[0].Id, (await b.Service.NextAsync(dataset, Label, null))!.ItemId);
        Assert.Equal(items[1].Id, (await c.Service.NextAsync(dataset, Label, null))!.ItemId);
    }

    [Fact]
    public async Task RejectsAVote_When_TheItemAlreadyHasNVotes()
    {
        var dataset = await _bed.AddDatasetAsync(2);
        var a = await _bed.AddAnnotatorAsync("a");
        var b = await _bed.AddAnnotatorAsync("b");
        var c = await _bed.AddAnnotatorAsync("c");
        var item = (await a.Service.NextAsync(dataset, Label, null))!.ItemId;
        await b.Service.NextAsync(dataset, Label, null);
        Assert.True((await a.Service.SubmitAsync(item, Safe())).Succeeded);
        Assert.True((await b.Service.SubmitAsync(item, Unsafe())).Succeeded);

        // c never reserved it and it is full: the vote is refused and the count stays at N.
        var third = await c.Service.SubmitAsync(item, Safe());
        Assert.False(third.Succeeded);
        var stored = (await _bed.ItemsAsync(dataset)).Single(i => i.Id == item);
        Assert.Equal(2, stored.VoteCount);
        Assert.Equal(2, stored.Votes.Count);
    }

    [Fact]
    public async Task RejectsAnUnreservedVote_When_OthersHoldTheRemainingReservations()
    {
        var dataset = await _bed.AddDatasetAsync(1);
        var a = await _bed.AddAnnotatorAsync("a");
        var b = await _bed.AddAnnotatorAsync("b");
        var c = await _bed.AddAnnotatorAsync("c");
        var item = (await a.Service.NextAsync(dataset, Label, null))!.ItemId;
        await b.Service.NextAsync(dataset, Label, null);
        Assert.False((await c.Service.SubmitAsync(item, Safe())).Succeeded);
        Assert.True((await a.Service.SubmitAsync(item, Safe())).Succeeded);
    }

    [Fact]
    public async Task AnAnnotatorIsNeverServedAnItemTheyVotedOn_AndASecondSubmitEditsTheirOneVote()
    {
        var dataset = await _bed.AddDatasetAsync(3, settings: new AnnotationSettings { VotesPerItem = 3 });
        var a = await _bed.AddAnnotatorAsync("a");
        var first = (await a.Service.NextAsync(dataset, Label, null))!.ItemId;
        Assert.Equal(SubmitStatus.Created, (await a.Service.SubmitAsync(first, Safe())).Status);
        var second = (await a.Service.NextAsync(dataset, Label, null))!.ItemId;
        Assert.NotEqual(first, second);

        Assert.Equal(SubmitStatus.Updated, (await a.Service.SubmitAsync(first, Unsafe("changed my mind"))).Status);
        var stored = (await _bed.ItemsAsync(dataset)).Single(i => i.Id == first);
        Assert.Equal(1, stored.VoteCount);
        var vote = Assert.Single(stored.Votes);
        Assert.Equal(QueryLabel.Unsafe, vote.Label);
        Assert.Equal(2000, vote.ActiveMilliseconds);
    }

    [Theory]
    [InlineData(-1L, "Active time: must not be negative.")]
    [InlineData(86_400_001L, "Active time (activeMilliseconds): at most 86400000, 24 hours, per submission.")]
    [InlineData(long.MaxValue, "Active time (activeMilliseconds): at most 86400000, 24 hours, per submission.")]
    public async Task RejectsAVote_When_ItsActiveTimeIsNegativeOrBeyondADay(long milliseconds, string error)
    {
        var dataset = await _bed.AddDatasetAsync(1);
        var a = await _bed.AddAnnotatorAsync("a");
        var item = (await a.Service.NextAsync(dataset, Label, null))!.ItemId;

        var result = await a.Service.SubmitAsync(item, Safe() with { ActiveMilliseconds = milliseconds });

        Assert.False(result.Succeeded);
        Assert.Equal(error, result.Error);
        Assert.Empty((await _bed.ItemsAsync(dataset)).Single(i => i.Id == item).Votes);
        Assert.True((await a.Service.SubmitAsync(item, Safe() with { ActiveMilliseconds = VoteInput.MaxActiveMilliseconds })).Succeeded);
    }

    [Fact]
    public async Task ExpiredReservations_AreIgnored()
    {
        var dataset = await _bed.AddDatasetAsync(2, settings: new AnnotationSettings { VotesPerItem = 1, ReservationMinutes = 30 });
        var a = await _bed.AddAnnotatorAsync("a");
        var b = await _bed.AddAnnotatorAsync("b");
        var items = await _bed.ItemsAsync(dataset);
        Assert.Equal(items[0].Id, (await a.Service.NextAsync(dataset, Label, null))!.ItemId);
        Assert.Equal(items[1].Id, (await b.Service.NextAsync(dataset, Label, null))!.ItemId);

        _bed.Clock.Advance(TimeSpan.FromMinutes(31));
        var c = await _bed.AddAnnotatorAsync("c");
        Assert.Equal(items[0].Id, (await c.Service.NextAsync(dataset, Label, null))!.ItemId);
        // a's reservation expired and c now holds the only slot: a's late vote is refused.
        Assert.False((await a.Service.SubmitAsync(items[0].Id, Safe())).Succeeded);
    }

    [Fact]
    public async Task PartlyLabeledItems_AreServedFirst()
    {
        var dataset = await _bed.AddDatasetAsync(6);
        var a = await _bed.AddAnnotatorAsync("a");
        var items = await _bed.ItemsAsync(dataset);
        // a skips items 0..3 and votes on item 4.
        var skipped = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            var view = (await a.Service.NextAsync(dataset, Label, null, skipped))!;
            await a.Service.SkipAsync(view.ItemId);
            skipped.Add(view.ItemId);
        }
        var fifth = (await a.Service.NextAsync(dataset, Label, null, skipped))!;
        Assert.Equal(items[4].Id, fifth.ItemId);
        await a.Service.SubmitAsync(fifth.ItemId, Safe());

        var b = await _bed.AddAnnotatorAsync("b");
        Assert.Equal(items[4].Id, (await b.Service.NextAsync(dataset, Label, null))!.ItemId);
    }

    [Fact]
    public async Task Skip_ReleasesTheItem_AndTheSessionDoesNotServeItAgain()
    {
        var dataset = await _bed.AddDatasetAsync(2, settings: new AnnotationSettings { VotesPerItem = 1 });
        var a = await _bed.AddAnnotatorAsync("a");
        var b = await _bed.AddAnnotatorAsync("b");
        var items = await _bed.ItemsAsync(dataset);
        var first = (await a.Service.NextAsync(dataset, Label, null))!.ItemId;
        await a.Service.SkipAsync(first);
        Assert.Equal(items[1].Id, (await a.Service.NextAsync(dataset, Label, null, [first]))!.ItemId);
        // Released: b (N = 1) can take it.
        Assert.Equal(first, (await b.Service.NextAsync(dataset, Label, null))!.ItemId);
        // Nothing else is left for a in this session.
        await a.Service.SubmitAsync(items[1].Id, Safe());
        Assert.Null(await a.Service.NextAsync(dataset, Label, null, [first]));
    }

    [Fact]
    public async Task CategoryFilter_ServesOnlyThatCategory()
    {
        var dataset = await _bed.AddDatasetAsync(9, categories: [6, 7, 41]);
        var a = await _bed.AddAnnotatorAsync("a");
        var served = new List<AnnotationTaskView>();
        while (await a.Service.NextAsync(dataset, Label, 41) is { } view)
        {
            served.Add(view);
            Assert.True((await a.Service.SubmitAsync(view.ItemId, Safe())).Succeeded);
        }
        Assert.Equal(3, served.Count);
        Assert.All(served, v => Assert.Equal(41, v.CategoryId));
        Assert.All(served, v => Assert.Equal("Medical Advice", v.CategoryName));
    }

    [Fact]
    public async Task AllowList_AdmitsOnlyListedAnnotators()
    {
        var a = await _bed.AddAnnotatorAsync("a");
        var b = await _bed.AddAnnotatorAsync("b");
        var dataset = await _bed.AddDatasetAsync(2);
        var open = await _bed.AddDatasetAsync(1);
        var admin = await _bed.AddUserAsync("admin@tests.falsereject.local");
        var settings = _bed.SettingsServiceFor(admin, "admin@tests.falsereject.local", Roles.Admin);
        Assert.True((await settings.SaveAsync(dataset, new AnnotationSettingsInput(2, 30, false, [a.Id]))).Succeeded);

        Assert.NotNull(await a.Service.NextAsync(dataset, Label, null));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => b.Service.NextAsync(dataset, Label, null));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => b.Service.OpenSessionAsync(dataset, Label));
        var visibleToB = (await b.Service.ListDatasetsAsync()).Select(d => d.Id).ToList();
        Assert.DoesNotContain(dataset, visibleToB);
        Assert.Contains(open, visibleToB);
    }

    [Fact]
    public async Task UnanimousVotes_SettleTheItem_WhichIsThenNotServed()
    {
        var dataset = await _bed.AddDatasetAsync(2);
        var a = await _bed.AddAnnotatorAsync("a");
        var b = await _bed.AddAnnotatorAsync("b");
        var c = await _bed.AddAnnotatorAsync("c");
        var item = (await a.Service.NextAsync(dataset, Label, null))!.ItemId;
        await b.Service.NextAsync(dataset, Label, null);
        await a.Service.SubmitAsync(item, Safe());
        await b.Service.SubmitAsync(item, Safe());

        var stored = (await _bed.ItemsAsync(dataset)).Single(i => i.Id == item);
        Assert.Equal(AnnotationItemStatus.Settled, stored.Status);
        Assert.Equal(QueryLabel.Safe, stored.GoldLabel);
        Assert.Equal(SettlementKind.Unanimous, stored.SettlementKind);
        Assert.Null(stored.SettledById);
        Assert.Equal(_bed.Clock.Now, stored.SettledAt);
        Assert.NotEqual(item, (await c.Service.NextAsync(dataset, Label, null))!.ItemId);

        // Settled: votes no longer change.
        Assert.False((await a.Service.SubmitAsync(item, Unsafe())).Succeeded);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task DisagreementOrAnUnsureVote_DisputesTheItem(bool disagree, bool unsure)
    {
        var dataset = await _bed.AddDatasetAsync(1);
        var a = await _bed.AddAnnotatorAsync("a");
        var b = await _bed.AddAnnotatorAsync("b");
        var item = (await a.Service.NextAsync(dataset, Label, null))!.ItemId;
        await b.Service.NextAsync(dataset, Label, null);
        await a.Service.SubmitAsync(item, Safe());
        await b.Service.SubmitAsync(item, disagree ? Unsafe() : Safe(unsure: unsure));

        var stored = (await _bed.ItemsAsync(dataset)).Single();
        Assert.Equal(AnnotationItemStatus.Disputed, stored.Status);
        Assert.Null(stored.GoldLabel);
        Assert.Null(await a.Service.NextAsync(dataset, Label, null));

        // The item has its N votes: they are locked, so the dispute cannot be erased by changing a
        // vote to agree (it goes to review).
        var change = await b.Service.SubmitAsync(item, Safe());
        Assert.False(change.Succeeded);
        Assert.Equal(AnnotationQueueStore.LockedMessage, change.Error);
        Assert.False((await a.Service.SubmitAsync(item, Unsafe())).Succeeded);
        stored = (await _bed.ItemsAsync(dataset)).Single();
        Assert.Equal(AnnotationItemStatus.Disputed, stored.Status);
        Assert.Equal([disagree ? QueryLabel.Unsafe : QueryLabel.Safe, QueryLabel.Safe],
            stored.Votes.OrderBy(v => v.AnnotatorId == a.Id).Select(v => v.Label!.Value));
    }

    [Fact]
    public async Task History_RecordsEveryCreateAndChange_AndTheStoreRefusesToRewriteIt()
    {
        var dataset = await _bed.AddDatasetAsync(1, settings: new AnnotationSettings { VotesPerItem = 3 });
        var a = await _bed.AddAnnotatorAsync("a");
        var item = (await a.Service.NextAsync(dataset, Label, null))!.ItemId;
        await a.Service.SubmitAsync(item, Safe());
        _bed.Clock.Advance(TimeSpan.FromMinutes(1));
        await a.Service.SubmitAsync(item, Unsafe("looks like a real threat", unsure: true));

        await using var db = await _bed.DbFactory.CreateDbContextAsync();
        var rows = await db.AnnotationVoteHistory.AsNoTracking().OrderBy(h => h.Id).ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(a.Id, r.AnnotatorId));
        Assert.Null(rows[0].OldValueJson);
        Assert.Contains("\"Safe\"", rows[0].NewValueJson);
        Assert.Contains("\"Safe\"", rows[1].OldValueJson);
        Assert.Contains("\"Unsafe\"", rows[1].NewValueJson);
        Assert.Contains("looks like a real threat", rows[1].NewValueJson);
        Assert.Equal(_bed.Clock.Now, rows[1].ChangedAt);

        var update = await Assert.ThrowsAnyAsync<DbException>(() =>
            db.Database.ExecuteSqlRawAsync("UPDATE \"AnnotationVoteHistory\" SET \"NewValueJson\" = 'rewritten'"));
        Assert.Contains("append-only", update.Message);
        var delete = await Assert.ThrowsAnyAsync<DbException>(() =>
            db.Database.ExecuteSqlRawAsync("DELETE FROM \"AnnotationVoteHistory\""));
        Assert.Contains("append-only", delete.Message);
        Assert.Equal(2, await db.AnnotationVoteHistory.CountAsync());
    }

    [Fact]
    public async Task Votes_RecordTheGuidelineVersionInForce()
    {
        var dataset = await _bed.AddDatasetAsync(2, settings: new AnnotationSettings { VotesPerItem = 1 });
        var admin = await _bed.AddUserAsync("admin@tests.falsereject.local");
        var settings = _bed.SettingsServiceFor(admin, "admin@tests.falsereject.local", Roles.Admin);
        var a = await _bed.AddAnnotatorAsync("a");

        var first = (await a.Service.NextAsync(dataset, Label, null))!.ItemId;
        await a.Service.SubmitAsync(first, Safe());
        Assert.Equal(1, (await settings.PublishGuidelineAsync(dataset, "# Rules\nLabel **safe** when ...")).Version);
        var second = (await a.Service.NextAsync(dataset, Label, null))!.ItemId;
        await a.Service.SubmitAsync(second, Safe());

        await using var db = await _bed.DbFactory.CreateDbContextAsync();
        var versions = await db.AnnotationVotes.OrderBy(v => v.ItemId).Select(v => v.GuidelineVersion).ToListAsync();
        Assert.Equal([null, 1], versions);
    }

    [Fact]
    public async Task NewGuidelineVersion_IsAnnouncedUntilAcknowledged()
    {
        var dataset = await _bed.AddDatasetAsync(1);
        var admin = await _bed.AddUserAsync("admin@tests.falsereject.local");
        var settings = _bed.SettingsServiceFor(admin, "admin@tests.falsereject.local", Roles.Admin);
        var a = await _bed.AddAnnotatorAsync("a");
        Assert.False((await a.Service.OpenSessionAsync(dataset, Label)).GuidelineNeedsAcknowledgement);

        await settings.PublishGuidelineAsync(dataset, "Version one");
        var session = await a.Service.OpenSessionAsync(dataset, Label);
        Assert.True(session.GuidelineNeedsAcknowledgement);
        Assert.Equal(1, session.Guideline!.Version);
        await a.Service.AcknowledgeGuidelineAsync(dataset, 1);
        Assert.False((await a.Service.OpenSessionAsync(dataset, Label)).GuidelineNeedsAcknowledgement);

        await settings.PublishGuidelineAsync(dataset, "Version two");
        session = await a.Service.OpenSessionAsync(dataset, Label);
        Assert.True(session.GuidelineNeedsAcknowledgement);
        Assert.Equal("Version two", session.Guideline!.Markdown);
    }

    [Fact]
    public async Task OnlyAnnotators_MayUseTheQueue()
    {
        var dataset = await _bed.AddDatasetAsync(1);
        var reviewer = await _bed.AddUserAsync("reviewer@tests.falsereject.local");
        var service = _bed.ServiceFor(reviewer, "reviewer@tests.falsereject.local", null, Roles.Reviewer, Roles.Admin);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.NextAsync(dataset, Label, null));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.GetMyHistoryAsync());
    }

    [Fact]
    public async Task Settings_RejectOutOfRangeValues_NamingTheField()
    {
        var dataset = await _bed.AddDatasetAsync(1);
        var admin = await _bed.AddUserAsync("admin@tests.falsereject.local");
        var settings = _bed.SettingsServiceFor(admin, "admin@tests.falsereject.local", Roles.Admin);
        var result = await settings.SaveAsync(dataset, new AnnotationSettingsInput(0, 5000, false, ["no-such-user"]));
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.StartsWith("Votes per item:", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("Reservation time:", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("no-such-user", StringComparison.Ordinal));

        var annotator = _bed.SettingsServiceFor(admin, "admin@tests.falsereject.local", Roles.Annotator);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => annotator.GetAsync(dataset));
    }

    [Fact]
    public async Task Majority_SettlesAThreeVoteSplit_WhenTheDatasetAcceptsIt_AndTheGoldHistoryRecordsIt()
    {
        var dataset = await _bed.AddDatasetAsync(1, settings: new AnnotationSettings { VotesPerItem = 3, AcceptMajority = true });
        var team = new[] { await _bed.AddAnnotatorAsync("a"), await _bed.AddAnnotatorAsync("b"), await _bed.AddAnnotatorAsync("c") };
        var item = 0L;
        foreach (var (annotator, vote) in team.Zip([Safe(), Unsafe(), Safe()]))
        {
            item = (await annotator.Service.NextAsync(dataset, Label, null))!.ItemId;
            Assert.True((await annotator.Service.SubmitAsync(item, vote)).Succeeded);
        }

        var stored = (await _bed.ItemsAsync(dataset)).Single();
        Assert.Equal(AnnotationItemStatus.Settled, stored.Status);
        Assert.Equal(SettlementKind.Majority, stored.SettlementKind);
        Assert.Equal(QueryLabel.Safe, stored.GoldLabel);
        await using var db = await _bed.DbFactory.CreateDbContextAsync();
        var history = Assert.Single(await db.GoldLabelHistory.AsNoTracking().Where(h => h.ItemId == item).ToListAsync());
        Assert.Equal((AnnotationItemStatus.Open, AnnotationItemStatus.Settled), (history.OldStatus, history.NewStatus));
        Assert.Equal((null, QueryLabel.Safe), (history.OldLabel, history.NewLabel));
        Assert.Equal(SettlementKind.Majority, history.NewKind);
        Assert.Null(history.ChangedById);
    }

    [Fact]
    public async Task Adjudication_SettlesADispute_ThroughTheSameGoldHistoryWriter_AndIsRefusedWhileVotesAreCollected()
    {
        var dataset = await _bed.AddDatasetAsync(2);
        var a = await _bed.AddAnnotatorAsync("a");
        var b = await _bed.AddAnnotatorAsync("b");
        var reviewer = await _bed.AddUserAsync("reviewer@tests.falsereject.local");
        var review = _bed.ReviewServiceFor(reviewer, "reviewer@tests.falsereject.local", Roles.Reviewer);
        var item = (await a.Service.NextAsync(dataset, Label, null))!.ItemId;
        await b.Service.NextAsync(dataset, Label, null);
        await a.Service.SubmitAsync(item, Safe());
        var decision = new Features.Review.AdjudicationInput(QueryLabel.Unsafe, null, AdjudicationConfidence.High,
            AdjudicationReason.AnnotatorError, "  the second reading is right  ");

        var early = await review.AdjudicateAsync(item, decision);
        Assert.False(early.Succeeded);
        Assert.Equal("This item is still collecting votes.", early.Error);

        await b.Service.SubmitAsync(item, Unsafe());
        Assert.True((await review.AdjudicateAsync(item, decision)).Succeeded);

        var stored = (await _bed.ItemsAsync(dataset)).Single(i => i.Id == item);
        Assert.Equal((AnnotationItemStatus.Settled, QueryLabel.Unsafe, SettlementKind.Adjudicated), (stored.Status, stored.GoldLabel, stored.SettlementKind));
        Assert.Equal((reviewer, _bed.Clock.Now), (stored.SettledById, stored.SettledAt));
        Assert.Equal((AdjudicationReason.AnnotatorError, AdjudicationConfidence.High), (stored.AdjudicationReason, stored.AdjudicationConfidence));
        Assert.Equal("the second reading is right", stored.SettlementNote);
        await using var db = await _bed.DbFactory.CreateDbContextAsync();
        // The dispute itself changed no gold label (no row); the decision did.
        var history = Assert.Single(await db.GoldLabelHistory.AsNoTracking().Where(h => h.ItemId == item).ToListAsync());
        Assert.Equal((AnnotationItemStatus.Disputed, AnnotationItemStatus.Settled), (history.OldStatus, history.NewStatus));
        Assert.Equal((reviewer, QueryLabel.Unsafe, SettlementKind.Adjudicated), (history.ChangedById, history.NewLabel, history.NewKind));
        Assert.Equal((AdjudicationReason.AnnotatorError, AdjudicationConfidence.High, "the second reading is right"),
            (history.Reason, history.Confidence, history.Note));
    }

    [Fact]
    public async Task PollingAnExhaustedQueue_AThousandTimes_DrawsNoItemId()
    {
        var dataset = await _bed.AddDatasetAsync(3, settings: new AnnotationSettings { VotesPerItem = 1 });
        var a = await _bed.AddAnnotatorAsync("a");
        while (await a.Service.NextAsync(dataset, Label, null) is { } view)
        {
            Assert.True((await a.Service.SubmitAsync(view.ItemId, Safe())).Succeeded);
        }
        var before = await _bed.LastItemIdDrawnAsync();
        var empty = await _bed.AddDatasetAsync(0);

        for (var i = 0; i < 1000; i++)
        {
            Assert.Null(await a.Service.NextAsync(dataset, Label, null));
            Assert.Null(await a.Service.NextAsync(empty, Label, null));
        }
        await a.Service.OpenSessionAsync(dataset, Label);

        Assert.Equal(before, await _bed.LastItemIdDrawnAsync());
        Assert.Equal(3, (await _bed.ItemsAsync(dataset)).Count);
    }

    [Fact]
    public async Task ItemIdsPastThe32BitLimit_AreServedVotedOnAndSettled()
    {
        var beyond = (long)int.MaxValue + 10;
        await _bed.SetNextItemIdAsync(beyond);
        var dataset = await _bed.AddDatasetAsync(2, settings: new AnnotationSettings { VotesPerItem = 1 });
        var a = await _bed.AddAnnotatorAsync("a");

        var view = (await a.Service.NextAsync(dataset, Label, null))!;
        Assert.True(view.ItemId >= beyond, $"item {view.ItemId} was drawn below the moved sequence");
        Assert.True((await a.Service.SubmitAsync(view.ItemId, Safe())).Succeeded);

        var item = (await _bed.ItemsAsync(dataset)).Single(i => i.Id == view.ItemId);
        Assert.Equal(AnnotationItemStatus.Settled, item.Status);
        Assert.Equal(QueryLabel.Safe, item.GoldLabel);
    }

    [Fact]
    public async Task QueriesAddedToADataset_GetTheirItems_WhenTheQueueRunsDry()
    {
        var dataset = await _bed.AddDatasetAsync(1, settings: new AnnotationSettings { VotesPerItem = 1 });
        var a = await _bed.AddAnnotatorAsync("a");
        var first = (await a.Service.NextAsync(dataset, Label, null))!.ItemId;
        await a.Service.SubmitAsync(first, Safe());
        await using (var db = await _bed.DbFactory.CreateDbContextAsync())
        {
            db.Queries.Add(new Query { DatasetId = dataset, Ordinal = 1, Prompt = "An appended query", PromptHash = "appended", CategoryId = 7, SourceLine = 2 });
            await db.SaveChangesAsync();
        }

        var next = await a.Service.NextAsync(dataset, Label, null);
        Assert.Equal("An appended query", next!.Prompt);
        Assert.Equal(2, (await _bed.ItemsAsync(dataset)).Count);
    }

    [Fact]
    public async Task NextOnADatasetThatDoesNotExist_SaysSo()
    {
        var a = await _bed.AddAnnotatorAsync("a");
        await Assert.ThrowsAsync<KeyNotFoundException>(() => a.Service.NextAsync(987654, Label, null));
    }

    [Fact]
    public async Task AnExcludedAnnotator_CannotTellWhichItemsExist()
    {
        var a = await _bed.AddAnnotatorAsync("a");
        var b = await _bed.AddAnnotatorAsync("b");
        var dataset = await _bed.AddDatasetAsync(1);
        var admin = await _bed.AddUserAsync("admin@tests.falsereject.local");
        Assert.True((await _bed.SettingsServiceFor(admin, "admin@tests.falsereject.local", Roles.Admin)
            .SaveAsync(dataset, new AnnotationSettingsInput(2, 30, false, [a.Id]))).Succeeded);
        var item = (await _bed.ItemsAsync(dataset)).Single().Id;
        const int missing = 987654;

        // An invalid vote (no label) on an existing item of the restricted dataset, and on no item:
        // the same refusal, naming only the id that was sent.
        var onExisting = await b.Service.SubmitAsync(item, new VoteInput(null, null, false, null, 0));
        var onMissing = await b.Service.SubmitAsync(missing, new VoteInput(null, null, false, null, 0));
        Assert.Equal($"Item {item} does not exist.", onExisting.Error);
        Assert.Equal($"Item {missing} does not exist.", onMissing.Error);
        Assert.Empty((await _bed.ItemsAsync(dataset)).Single().Votes);
    }

    [Fact]
    public async Task BeforeTheGoldLabelIsFinal_ADisputedItemLooksToItsAnnotatorsLikeOneStillWaitingForVotes()
    {
        var waiting = await _bed.AddDatasetAsync(1, settings: new AnnotationSettings { VotesPerItem = 3 });
        var disputed = await _bed.AddDatasetAsync(1, settings: new AnnotationSettings { VotesPerItem = 2 });
        var a = await _bed.AddAnnotatorAsync("a");
        var b = await _bed.AddAnnotatorAsync("b");
        var waitingItem = (await a.Service.NextAsync(waiting, Label, null))!.ItemId;
        await a.Service.SubmitAsync(waitingItem, Unsafe());
        var disputedItem = (await a.Service.NextAsync(disputed, Label, null))!.ItemId;
        await b.Service.NextAsync(disputed, Label, null);
        await b.Service.SubmitAsync(disputedItem, Safe());
        await a.Service.SubmitAsync(disputedItem, Unsafe());
        Assert.Equal(AnnotationItemStatus.Disputed, (await _bed.ItemsAsync(disputed)).Single().Status);

        var history = await a.Service.GetMyHistoryAsync();
        var (ofWaiting, ofDisputed) = (history.Single(h => h.ItemId == waitingItem), history.Single(h => h.ItemId == disputedItem));
        Assert.Equal(ofWaiting with { ItemId = 0, DatasetId = 0, DatasetName = "" }, ofDisputed with { ItemId = 0, DatasetId = 0, DatasetName = "" });
        Assert.False(ofDisputed.Settled);
        Assert.Null(ofDisputed.GoldLabel);
        Assert.Equal(await a.Service.GetProgressAsync(waiting, Label), await a.Service.GetProgressAsync(disputed, Label));
    }

    [Fact]
    public async Task SubmitAndNext_ReservesTheNextItemForTheCaller_InTheSameStep()
    {
        var dataset = await _bed.AddDatasetAsync(3, settings: new AnnotationSettings { VotesPerItem = 1, ReservationMinutes = 30 });
        var a = await _bed.AddAnnotatorAsync("a");
        var b = await _bed.AddAnnotatorAsync("b");
        var items = await _bed.ItemsAsync(dataset);
        var first = (await a.Service.NextAsync(dataset, Label, null))!.ItemId;

        var submitted = await a.Service.SubmitAndNextAsync(first, Safe(), null);

        Assert.Equal(SubmitStatus.Created, submitted.Result.Status);
        var step = submitted.Step!;
        Assert.Equal(items[1].Id, step.Next!.ItemId);
        Assert.Null(step.Next.MyVote);
        // a voted on item 0 (N = 1: settled) and holds item 1; items 1 and 2 are open to them.
        Assert.Equal(new AnnotationProgress(1, 3, 3, 1), step.Progress);
        Assert.Equal(step.Progress, await a.Service.GetProgressAsync(dataset, Label));
        await using (var db = await _bed.DbFactory.CreateDbContextAsync())
        {
            var held = Assert.Single(await db.Set<AnnotationReservation>().AsNoTracking().ToListAsync());
            Assert.Equal((items[1].Id, a.Id, _bed.Clock.Now.AddMinutes(30)), (held.ItemId, held.AnnotatorId, held.ExpiresAt));
        }
        Assert.Equal(AnnotationItemStatus.Settled, (await _bed.ItemsAsync(dataset))[0].Status);
        // The reservation counts towards N at once: b is served item 2.
        Assert.Equal(items[2].Id, (await b.Service.NextAsync(dataset, Label, null))!.ItemId);
    }

    [Fact]
    public async Task SubmitAndNext_ReservesNothing_When_TheVoteIsRefused()
    {
        var dataset = await _bed.AddDatasetAsync(3, settings: new AnnotationSettings { VotesPerItem = 1 });
        var a = await _bed.AddAnnotatorAsync("a");
        var b = await _bed.AddAnnotatorAsync("b");
        var held = (await a.Service.NextAsync(dataset, Label, null))!.ItemId;

        // Refused by the store (a holds the only slot and b never reserved it), then by the service (no label).
        var taken = await b.Service.SubmitAndNextAsync(held, Safe(), null);
        var invalid = await b.Service.SubmitAndNextAsync(held, new VoteInput(null, null, false, null, 0), null);

        Assert.Equal(SubmitStatus.Rejected, taken.Result.Status);
        Assert.Null(taken.Step);
        Assert.Equal("Label: choose Safe or Unsafe.", invalid.Result.Error);
        Assert.Null(invalid.Step);
        await using var db = await _bed.DbFactory.CreateDbContextAsync();
        var reservations = await db.Set<AnnotationReservation>().AsNoTracking().Select(r => new { r.ItemId, r.AnnotatorId }).ToListAsync();
        Assert.Equal([(held, a.Id)], reservations.Select(r => (r.ItemId, r.AnnotatorId)));
        Assert.Equal(0, await db.AnnotationVotes.CountAsync());
    }

    [Fact]
    public async Task SkipAndNext_GivesTheItemBack_AndReservesTheNextForTheCaller()
    {
        var dataset = await _bed.AddDatasetAsync(2, settings: new AnnotationSettings { VotesPerItem = 1 });
        var a = await _bed.AddAnnotatorAsync("a");
        var b = await _bed.AddAnnotatorAsync("b");
        var items = await _bed.ItemsAsync(dataset);
        var first = (await a.Service.NextAsync(dataset, Label, null))!.ItemId;

        var step = await a.Service.SkipAndNextAsync(first, dataset, Label, null, [first]);

        Assert.Equal(items[1].Id, step.Next!.ItemId);
        Assert.Equal(new AnnotationProgress(0, 2, 2, 0), step.Progress);
        // Given back: b (N = 1) takes it, while a holds the other.
        Assert.Equal(first, (await b.Service.NextAsync(dataset, Label, null))!.ItemId);
        var c = await _bed.AddAnnotatorAsync("c");
        Assert.Null(await c.Service.NextAsync(dataset, Label, null));
    }

    [Fact]
    public async Task Progress_IsReadInOneStatement_AndRefusedToAnAnnotatorOffTheAllowList()
    {
        var dataset = await _bed.AddDatasetAsync(3, settings: new AnnotationSettings { VotesPerItem = 1 });
        var a = await _bed.AddAnnotatorAsync("a");
        var b = await _bed.AddAnnotatorAsync("b");
        var item = (await a.Service.NextAsync(dataset, Label, null))!.ItemId;
        await a.Service.SubmitAsync(item, Unsafe());

        AnnotationProgress progress;
        using (var statements = new StatementCounter(_bed.Host))
        {
            progress = await a.Service.GetProgressAsync(dataset, Label);
            Assert.Equal(1, statements.Count);
        }
        Assert.Equal(new AnnotationProgress(1, 3, 3, 1), progress);
        Assert.Equal(new AnnotationProgress(0, 0, 0, 0), await a.Service.GetProgressAsync(987654, Label));

        var admin = await _bed.AddUserAsync("admin@tests.falsereject.local");
        Assert.True((await _bed.SettingsServiceFor(admin, "admin@tests.falsereject.local", Roles.Admin)
            .SaveAsync(dataset, new AnnotationSettingsInput(1, 30, false, [a.Id]))).Succeeded);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => b.Service.GetProgressAsync(dataset, Label));
        Assert.Equal(progress, await a.Service.GetProgressAsync(dataset, Label));
    }

    /// <param name="submitAndNext">Each annotator votes and takes the next item in one call (the labeling page's Enter).</param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FiftyFiveConcurrentAnnotators_EachWithAStoreOfItsOwn_GiveEveryItemExactlyNVotes_AndNeverVoteTwice(bool submitAndNext)
    {
        const int annotators = 55;
        const int items = 40;
        const int n = 3;
        var dataset = await _bed.AddDatasetAsync(items, categories: [1, 2, 3], settings: new AnnotationSettings { VotesPerItem = n });
        var team = new List<Annotator>();
        for (var i = 0; i < annotators; i++)
        {
            // A store of its own (as another process has): only the database's lock serializes them.
            team.Add(await _bed.AddAnnotatorAsync($"c{i:00}", _bed.NewStore()));
        }

        var rejected = 0;
        using var start = new ManualResetEventSlim();
        var work = team.Select((annotator, index) => Task.Run(async () =>
        {
            start.Wait();
            var served = new HashSet<long>();
            var view = await annotator.Service.NextAsync(dataset, AnnotationTaskType.QueryLabel, null);
            while (view is not null)
            {
                Assert.True(served.Add(view.ItemId), $"{annotator.Id} was served item {view.ItemId} twice.");
                var vote = new VoteInput(index % 2 == 0 ? QueryLabel.Safe : QueryLabel.Unsafe, null, false, null, 10);
                var (result, step) = submitAndNext
                    ? await annotator.Service.SubmitAndNextAsync(view.ItemId, vote, null)
                    : new SubmitAndNextResult(await annotator.Service.SubmitAsync(view.ItemId, vote), null);
                if (!result.Succeeded)
                {
                    Interlocked.Increment(ref rejected);
                }
                view = step is null ? await annotator.Service.NextAsync(dataset, AnnotationTaskType.QueryLabel, null) : step.Next;
            }
            return served.Count;
        })).ToList();
        start.Set();
        var servedCounts = await Task.WhenAll(work);

        await using var db = await _bed.DbFactory.CreateDbContextAsync();
        var perItem = await db.AnnotationItems.Where(i => i.DatasetId == dataset)
            .Select(i => new { i.Id, i.VoteCount, i.Status, Votes = i.Votes.Count, Annotators = i.Votes.Select(v => v.AnnotatorId).Distinct().Count() })
            .ToListAsync();
        Assert.Equal(items, perItem.Count);
        Assert.All(perItem, i =>
        {
            Assert.Equal(n, i.Votes);
            Assert.Equal(n, i.VoteCount);
            Assert.Equal(n, i.Annotators);
            Assert.NotEqual(AnnotationItemStatus.Open, i.Status);
        });
        // Every reservation ended in a vote: a served item was never taken from its holder.
        Assert.Equal(0, rejected);
        Assert.Equal(items * n, servedCounts.Sum());
        Assert.Equal(items * n, await db.AnnotationVoteHistory.CountAsync());
        Assert.Equal(0, await db.Set<AnnotationReservation>().CountAsync());
    }

    [Fact]
    public async Task ConcurrentSubmits_OfOneAnnotator_OnOneItem_LeaveOneVote()
    {
        var dataset = await _bed.AddDatasetAsync(1, settings: new AnnotationSettings { VotesPerItem = 5 });
        var annotator = await _bed.AddAnnotatorAsync("twice");
        var item = (await annotator.Service.NextAsync(dataset, AnnotationTaskType.QueryLabel, null))!.ItemId;
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            _bed.ServiceFor(annotator.Id, "twice@tests.falsereject.local", _bed.NewStore(), Roles.Annotator)
                .SubmitAsync(item, Safe($"attempt {i}")))));

        Assert.Single(results, r => r.Status == SubmitStatus.Created);
        Assert.Equal(19, results.Count(r => r.Status == SubmitStatus.Updated));
        var stored = (await _bed.ItemsAsync(dataset)).Single();
        Assert.Equal(1, stored.VoteCount);
        Assert.Single(stored.Votes);
    }
}
