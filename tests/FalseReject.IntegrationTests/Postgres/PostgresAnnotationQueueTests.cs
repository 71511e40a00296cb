using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;
using FalseReject.Web.Security;

namespace FalseReject.IntegrationTests.Postgres;

/// <summary>
/// The annotation queue on a real PostgreSQL server: the app's own store (resolved from the app's
/// services) keeps the SQLite store's rules, and stays exact with many annotators at once.
/// </summary>
public sealed class PostgresAnnotationQueueTests(PostgresFactory factory) : IClassFixture<PostgresFactory>
{
    private const AnnotationTaskType Label = AnnotationTaskType.QueryLabel;

    private readonly Clock _clock = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));

    private IDbContextFactory<AppDbContext> DbFactory => factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();

    [Fact]
    public void TheAppUsesThePostgresStore()
    {
        Assert.IsType<PostgresAnnotationQueueStore>(factory.Services.GetRequiredService<IAnnotationQueueStore>());
    }

    [Fact]
    public async Task ReservationsCountTowardsN_AndAFullItemRefusesAThirdVote()
    {
        var dataset = await AddDatasetAsync(3, votesPerItem: 2);
        var (a, b, c) = (await AddAnnotatorAsync(), await AddAnnotatorAsync(), await AddAnnotatorAsync());
        var items = await ItemsAsync(dataset);
        Assert.Equal(items[0].Id, (await a.NextAsync(dataset, Label, null))!.ItemId);
        Assert.Equal(items[0].Id, (await a.NextAsync(dataset, Label, null))!.ItemId);
        Assert.Equal(items[0].Id, (await b.NextAsync(dataset, Label, null))!.ItemId);
        Assert.Equal(items[1].Id, (await c.NextAsync(dataset, Label, null))!.ItemId);

        // Others hold both slots: c's unreserved vote is refused.
        Assert.False((await c.SubmitAsync(items[0].Id, Vote(QueryLabel.Safe))).Succeeded);
        Assert.Equal(SubmitStatus.Created, (await a.SubmitAsync(items[0].Id, Vote(QueryLabel.Safe))).Status);
        Assert.Equal(SubmitStatus.Created, (await b.SubmitAsync(items[0].Id, Vote(QueryLabel.Safe))).Status);
        Assert.False((await c.SubmitAsync(items[0].Id, Vote(QueryLabel.Safe))).Succeeded);

        var stored = (await ItemsAsync(dataset)).Single(i => i.Id == items[0].Id);
        Assert.Equal(2, stored.VoteCount);
        Assert.Equal(2, stored.Votes.Count);
        Assert.Equal(AnnotationItemStatus.Settled, stored.Status);
        Assert.Equal(QueryLabel.Safe, stored.GoldLabel);
        Assert.Equal(SettlementKind.Unanimous, stored.SettlementKind);
        Assert.Equal(_clock.GetUtcNow(), stored.SettledAt);
    }

    [Fact]
    public async Task AnAnnotatorIsNeverServedAnItemTheyVotedOn_AndASecondSubmitEditsTheirOneVote()
    {
        var dataset = await AddDatasetAsync(3, votesPerItem: 2);
        var a = await AddAnnotatorAsync();
        var first = (await a.NextAsync(dataset, Label, null))!.ItemId;
        Assert.Equal(SubmitStatus.Created, (await a.SubmitAsync(first, Vote(QueryLabel.Safe))).Status);
        var second = (await a.NextAsync(dataset, Label, null))!.ItemId;
        Assert.NotEqual(first, second);

        Assert.Equal(SubmitStatus.Updated, (await a.SubmitAsync(first, Vote(QueryLabel.Unsafe, "changed my mind"))).Status);
        var stored = (await ItemsAsync(dataset)).Single(i => i.Id == first);
        Assert.Equal(1, stored.VoteCount);
        var vote = Assert.Single(stored.Votes);
        Assert.Equal(QueryLabel.Unsafe, vote.Label);
        Assert.Equal("changed my mind", vote.Comment);
        Assert.Equal(2000, vote.ActiveMilliseconds);

        await using var db = await DbFactory.CreateDbContextAsync();
        var history = await db.AnnotationVoteHistory.Where(h => h.ItemId == first).OrderBy(h => h.Id).ToListAsync();
        Assert.Equal(2, history.Count);
        Assert.Null(history[0].OldValueJson);
        Assert.Contains("Safe", history[1].OldValueJson);
        Assert.Contains("Unsafe", history[1].NewValueJson);
    }

    [Fact]
    public async Task PartlyLabeledItems_AreServedFirst_ThenDatasetOrder()
    {
        var dataset = await AddDatasetAsync(6, votesPerItem: 2);
        var a = await AddAnnotatorAsync();
        var items = await ItemsAsync(dataset);
        var skipped = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            var view = (await a.NextAsync(dataset, Label, null, skipped))!;
            Assert.Equal(items[i].Id, view.ItemId);
            await a.SkipAsync(view.ItemId);
            skipped.Add(view.ItemId);
        }
        var fifth = (await a.NextAsync(dataset, Label, null, skipped))!;
        Assert.Equal(items[4].Id, fifth.ItemId);
        Assert.True((await a.SubmitAsync(fifth.ItemId, Vote(QueryLabel.Safe))).Succeeded);

        var b = await AddAnnotatorAsync();
        Assert.Equal(items[4].Id, (await b.NextAsync(dataset, Label, null))!.ItemId);
        var c = await AddAnnotatorAsync();
        Assert.Equal(items[0].Id, (await c.NextAsync(dataset, Label, null))!.ItemId);
    }

    [Fact]
    public async Task ExpiredReservations_AreIgnored_AndALateVoteIsRefused()
    {
        var dataset = await AddDatasetAsync(2, votesPerItem: 1, reservationMinutes: 30);
        var (a, b) = (await AddAnnotatorAsync(), await AddAnnotatorAsync());
        var items = await ItemsAsync(dataset);
        Assert.Equal(items[0].Id, (await a.NextAsync(dataset, Label, null))!.ItemId);
        Assert.Equal(items[1].Id, (await b.NextAsync(dataset, Label, null))!.ItemId);

        _clock.Now += TimeSpan.FromMinutes(31);
        var c = await AddAnnotatorAsync();
        Assert.Equal(items[0].Id, (await c.NextAsync(dataset, Label, null))!.ItemId);
        Assert.False((await a.SubmitAsync(items[0].Id, Vote(QueryLabel.Safe))).Succeeded);
        Assert.True((await c.SubmitAsync(items[0].Id, Vote(QueryLabel.Safe))).Succeeded);
    }

    [Fact]
    public async Task CategoryFilter_ServesOnlyThatCategory()
    {
        var dataset = await AddDatasetAsync(9, votesPerItem: 2, categories: [6, 7, 41]);
        var a = await AddAnnotatorAsync();
        var served = new List<AnnotationTaskView>();
        while (await a.NextAsync(dataset, Label, 41) is { } view)
        {
            served.Add(view);
            Assert.True((await a.SubmitAsync(view.ItemId, Vote(QueryLabel.Safe))).Succeeded);
        }
        Assert.Equal(3, served.Count);
        Assert.All(served, v => Assert.Equal(41, v.CategoryId));
    }

    [Fact]
    public async Task FiftyFiveConcurrentAnnotators_GiveEveryItemExactlyNVotes_AndNeverVoteTwice()
    {
        const int annotators = 55;
        const int items = 40;
        const int n = 2;
        var dataset = await AddDatasetAsync(items, votesPerItem: n, categories: [1, 2, 3]);
        var team = new List<AnnotationService>();
        for (var i = 0; i < annotators; i++)
        {
            team.Add(await AddAnnotatorAsync());
        }

        var rejected = 0;
        using var start = new ManualResetEventSlim();
        var work = team.Select((annotator, index) => Task.Run(async () =>
        {
            start.Wait();
            var served = new HashSet<int>();
            while (await annotator.NextAsync(dataset, Label, null) is { } view)
            {
                Assert.True(served.Add(view.ItemId), $"Annotator {index} was served item {view.ItemId} twice.");
                var result = await annotator.SubmitAsync(view.ItemId, Vote(index % 2 == 0 ? QueryLabel.Safe : QueryLabel.Unsafe));
                if (!result.Succeeded)
                {
                    Interlocked.Increment(ref rejected);
                }
            }
            return served.Count;
        })).ToList();
        start.Set();
        var servedCounts = await Task.WhenAll(work);

        await using var db = await DbFactory.CreateDbContextAsync();
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
        var itemIds = perItem.Select(i => i.Id).ToList();
        Assert.Equal(items * n, await db.AnnotationVoteHistory.CountAsync(h => itemIds.Contains(h.ItemId) && h.OldValueJson == null));
        Assert.Equal(items * n, await db.AnnotationVotes.CountAsync(v => itemIds.Contains(v.ItemId)));
        Assert.Equal(0, await db.Set<AnnotationReservation>().CountAsync(r => itemIds.Contains(r.ItemId)));
    }

    [Fact]
    public async Task ConcurrentSubmits_OfOneAnnotator_OnOneItem_LeaveOneVote()
    {
        var dataset = await AddDatasetAsync(1, votesPerItem: 5);
        var (id, first) = await AddAnnotatorWithIdAsync();
        var item = (await first.NextAsync(dataset, Label, null))!.ItemId;
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            return await ServiceFor(scope, id).SubmitAsync(item, Vote(QueryLabel.Safe, $"attempt {i}"));
        })));

        Assert.Single(results, r => r.Status == SubmitStatus.Created);
        Assert.Equal(19, results.Count(r => r.Status == SubmitStatus.Updated));
        var stored = (await ItemsAsync(dataset)).Single();
        Assert.Equal(1, stored.VoteCount);
        Assert.Single(stored.Votes);
    }

    private static VoteInput Vote(QueryLabel label, string? comment = null) => new(label, null, false, comment, 1000);

    private async Task<int> AddDatasetAsync(int queries, int votesPerItem, int reservationMinutes = 30, int[]? categories = null)
    {
        categories ??= [7];
        await using var db = await DbFactory.CreateDbContextAsync();
        var dataset = new Dataset { Name = $"pg-queue-{Guid.NewGuid():N}" };
        for (var i = 0; i < queries; i++)
        {
            var text = $"How do locksmiths open a door when the owner is locked out? (query {i})";
            dataset.Queries.Add(new Query
            {
                Ordinal = i,
                Prompt = text,
                PromptHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant(),
                CategoryId = categories[i % categories.Length],
                SourceLine = i + 1,
            });
        }
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync();
        db.AnnotationSettings.Add(new AnnotationSettings { DatasetId = dataset.Id, VotesPerItem = votesPerItem, ReservationMinutes = reservationMinutes });
        await db.SaveChangesAsync();
        await factory.Services.GetRequiredService<IAnnotationQueueStore>().EnsureItemsAsync(dataset.Id);
        return dataset.Id;
    }

    private async Task<AnnotationService> AddAnnotatorAsync() => (await AddAnnotatorWithIdAsync()).Service;

    /// <summary>An annotator account and the service as that annotator sees it, on a scope of its own.</summary>
    private async Task<(string Id, AnnotationService Service)> AddAnnotatorWithIdAsync()
    {
        var email = $"ann-{Guid.NewGuid():N}@tests.falsereject.local";
        var user = new ApplicationUser { UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant() };
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            db.Users.Add(user);
            await db.SaveChangesAsync();
        }
        // The scope lives as long as the fixture; its services hold no per-request state.
        return (user.Id, ServiceFor(factory.Services.CreateAsyncScope(), user.Id));
    }

    private AnnotationService ServiceFor(AsyncServiceScope scope, string userId)
    {
        var services = scope.ServiceProvider;
        return new AnnotationService(
            services.GetRequiredService<IDbContextFactory<AppDbContext>>(),
            services.GetRequiredService<IAnnotationQueueStore>(),
            new FalseReject.Web.Tests.TestCaller(userId, userId, Roles.Annotator),
            _clock);
    }

    private async Task<List<AnnotationItem>> ItemsAsync(int datasetId)
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        return await db.AnnotationItems.AsNoTracking().Include(i => i.Votes)
            .Where(i => i.DatasetId == datasetId && i.TaskType == Label).OrderBy(i => i.Ordinal).ToListAsync();
    }

    private sealed class Clock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
