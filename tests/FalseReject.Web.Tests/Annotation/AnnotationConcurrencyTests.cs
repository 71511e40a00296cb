using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;

namespace FalseReject.Web.Tests.Annotation;

/// <summary>
/// Many annotators at once on one SQLite file. Each annotator has its own queue store (so the
/// in-process writer queue does not serialize them: only SQLite's own locking does) and opens
/// its own contexts.
/// </summary>
public sealed class AnnotationConcurrencyTests : IAsyncLifetime
{
    private AnnotationTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await AnnotationTestBed.StartAsync();

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task FiftyFiveConcurrentAnnotators_GiveEveryItemExactlyNVotes_AndNeverVoteTwice()
    {
        const int annotators = 55;
        const int items = 40;
        const int n = 3;
        var dataset = await _bed.AddDatasetAsync(items, categories: [1, 2, 3], settings: new AnnotationSettings { VotesPerItem = n });
        var team = new List<Annotator>();
        for (var i = 0; i < annotators; i++)
        {
            team.Add(await _bed.AddAnnotatorAsync($"c{i:00}", new SqliteAnnotationQueueStore(_bed.DbFactory)));
        }

        var rejected = 0;
        using var start = new ManualResetEventSlim();
        var work = team.Select((annotator, index) => Task.Run(async () =>
        {
            start.Wait();
            var served = new HashSet<int>();
            while (await annotator.Service.NextAsync(dataset, AnnotationTaskType.QueryLabel, null) is { } view)
            {
                Assert.True(served.Add(view.ItemId), $"{annotator.Id} was served item {view.ItemId} twice.");
                var result = await annotator.Service.SubmitAsync(view.ItemId,
                    new VoteInput(index % 2 == 0 ? QueryLabel.Safe : QueryLabel.Unsafe, null, false, null, 10));
                if (!result.Succeeded)
                {
                    Interlocked.Increment(ref rejected);
                }
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
            _bed.ServiceFor(annotator.Id, "twice@tests.falsereject.local", new SqliteAnnotationQueueStore(_bed.DbFactory), Web.Security.Roles.Annotator)
                .SubmitAsync(item, AnnotationTestBed.Safe($"attempt {i}")))));

        Assert.Single(results, r => r.Status == SubmitStatus.Created);
        Assert.Equal(19, results.Count(r => r.Status == SubmitStatus.Updated));
        var stored = (await _bed.ItemsAsync(dataset)).Single();
        Assert.Equal(1, stored.VoteCount);
        Assert.Single(stored.Votes);
    }
}
