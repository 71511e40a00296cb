using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;
using FalseReject.Web.Security;
using static FalseReject.Web.Tests.Annotation.AnnotationTestBed;

namespace FalseReject.Web.Tests.Annotation;

/// <summary>The queue's rules on a real SQLite file.</summary>
public sealed class AnnotationQueueTests : IAsyncLifetime
{
    private AnnotationTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await StartAsync();

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
        var skipped = new List<int>();
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

        // Disputed is not settled: an annotator may still change their vote, and agreement settles it.
        Assert.True((await b.Service.SubmitAsync(item, Safe())).Succeeded);
        Assert.Equal(AnnotationItemStatus.Settled, (await _bed.ItemsAsync(dataset)).Single().Status);
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

        var update = await Assert.ThrowsAsync<SqliteException>(() =>
            db.Database.ExecuteSqlRawAsync("UPDATE AnnotationVoteHistory SET NewValueJson = 'rewritten'"));
        Assert.Contains("append-only", update.Message);
        var delete = await Assert.ThrowsAsync<SqliteException>(() =>
            db.Database.ExecuteSqlRawAsync("DELETE FROM AnnotationVoteHistory"));
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
}
