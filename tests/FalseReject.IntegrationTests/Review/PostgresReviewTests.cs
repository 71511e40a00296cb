using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;
using FalseReject.Web.Features.Review;
using FalseReject.Web.Security;

namespace FalseReject.IntegrationTests.Review;

/// <summary>
/// Review on a real PostgreSQL server: the PostgreSQL queue store settles by majority and writes
/// the gold history as the SQLite one does, and adjudication records its provenance there too.
/// </summary>
public sealed class PostgresReviewTests(PostgresFactory factory) : IClassFixture<PostgresFactory>
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));

    private IDbContextFactory<AppDbContext> DbFactory => factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();

    [Fact]
    public async Task MajoritySettlement_Adjudication_AndTheGoldHistory_OnPostgres()
    {
        // q0: S S U (majority Safe) · q1: S U s (unsure: disputed) · q2: U U U (unanimous).
        var dataset = await AddDatasetAsync(3, votesPerItem: 3, acceptMajority: true);
        var annotators = new[] { await AddUserAsync(Roles.Annotator), await AddUserAsync(Roles.Annotator), await AddUserAsync(Roles.Annotator) };
        string[] labels = ["SSU", "SUu", "UUU"];
        var items = await ItemsAsync(dataset);
        for (var a = 0; a < annotators.Length; a++)
        {
            var service = AnnotationServiceFor(annotators[a]);
            while (await service.NextAsync(dataset, AnnotationTaskType.QueryLabel, null) is { } next)
            {
                var label = labels[items.FindIndex(i => i.Id == next.ItemId)][a];
                var vote = new VoteInput(char.ToUpperInvariant(label) == 'S' ? QueryLabel.Safe : QueryLabel.Unsafe, null, char.IsLower(label), null, 2000);
                Assert.True((await service.SubmitAsync(next.ItemId, vote)).Succeeded);
            }
        }
        items = await ItemsAsync(dataset);
        Assert.Equal((AnnotationItemStatus.Settled, QueryLabel.Safe, SettlementKind.Majority), (items[0].Status, items[0].GoldLabel!.Value, items[0].SettlementKind!.Value));
        Assert.Equal(AnnotationItemStatus.Disputed, items[1].Status);
        Assert.Equal(SettlementKind.Unanimous, items[2].SettlementKind);

        var reviewerId = await AddUserAsync(Roles.Reviewer);
        var reviewer = ReviewServiceFor(reviewerId, Roles.Reviewer);
        var queue = await reviewer.GetQueueAsync(dataset, new ReviewQueueFilter());
        Assert.Equal(items[1].Id, Assert.Single(queue!.Items).ItemId);

        var result = await reviewer.AdjudicateAsync(items[1].Id,
            new AdjudicationInput(QueryLabel.Safe, null, AdjudicationConfidence.High, AdjudicationReason.AmbiguousQuery, "clearly a lockout"));
        Assert.True(result.Succeeded, result.Error);
        // The voter who is not a reviewer cannot decide; a voter who is one is refused too.
        var voterReviewer = ReviewServiceFor(annotators[0], Roles.Annotator, Roles.Reviewer);
        Assert.False((await voterReviewer.AdjudicateAsync(items[1].Id,
            new AdjudicationInput(QueryLabel.Unsafe, null, AdjudicationConfidence.High, AdjudicationReason.AnnotatorError, null))).Succeeded);

        await using var db = await DbFactory.CreateDbContextAsync();
        var history = await db.GoldLabelHistory.AsNoTracking().Where(h => h.DatasetId == dataset).OrderBy(h => h.Id).ToListAsync();
        Assert.Equal(
            [(items[0].Id, SettlementKind.Majority, (string?)null), (items[2].Id, SettlementKind.Unanimous, null), (items[1].Id, SettlementKind.Adjudicated, reviewerId)],
            history.Select(h => (h.ItemId, h.NewKind!.Value, h.ChangedById)));
        var adjudicated = await db.AnnotationItems.AsNoTracking().SingleAsync(i => i.Id == items[1].Id);
        Assert.Equal((SettlementKind.Adjudicated, reviewerId, AdjudicationReason.AmbiguousQuery, AdjudicationConfidence.High, "clearly a lockout"),
            (adjudicated.SettlementKind!.Value, adjudicated.SettledById!, adjudicated.AdjudicationReason!.Value, adjudicated.AdjudicationConfidence!.Value, adjudicated.SettlementNote!));
    }

    [Fact]
    public async Task TheVoteAndGoldHistories_RefuseUpdatesAndDeletes_OnPostgres()
    {
        var dataset = await AddDatasetAsync(1, votesPerItem: 1, acceptMajority: false);
        var annotator = await AddUserAsync(Roles.Annotator);
        var service = AnnotationServiceFor(annotator);
        var next = await service.NextAsync(dataset, AnnotationTaskType.QueryLabel, null);
        Assert.True((await service.SubmitAsync(next!.ItemId, new VoteInput(QueryLabel.Safe, null, false, "first", 2000))).Succeeded);

        await using var db = await DbFactory.CreateDbContextAsync();
        var itemId = next.ItemId;
        // The single vote settled the item: one row in each history.
        Assert.Equal(1, await db.AnnotationVoteHistory.CountAsync(h => h.ItemId == itemId));
        Assert.Equal(1, await db.GoldLabelHistory.CountAsync(h => h.ItemId == itemId));
        foreach (var sql in new[]
                 {
                     $"UPDATE \"AnnotationVoteHistory\" SET \"NewValueJson\" = 'rewritten' WHERE \"ItemId\" = {itemId};",
                     $"DELETE FROM \"AnnotationVoteHistory\" WHERE \"ItemId\" = {itemId};",
                     $"UPDATE \"GoldLabelHistory\" SET \"Note\" = 'rewritten' WHERE \"ItemId\" = {itemId};",
                     $"DELETE FROM \"GoldLabelHistory\" WHERE \"ItemId\" = {itemId};",
                 })
        {
            var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.Database.ExecuteSqlRawAsync(sql));
            Assert.Contains("is append-only", refused.MessageText);
        }
        Assert.Equal(1, await db.AnnotationVoteHistory.CountAsync(h => h.ItemId == itemId));
        Assert.Equal(1, await db.GoldLabelHistory.CountAsync(h => h.ItemId == itemId));
    }

    private async Task<int> AddDatasetAsync(int queries, int votesPerItem, bool acceptMajority)
    {
        var datasetId = await DatasetSeed.AddDatasetAsync(DbFactory, new Dataset { Name = $"pg-review-{Guid.NewGuid():N}" },
            Enumerable.Range(0, queries).Select(i => new SeedQuery($"How do I get into my own car with the keys locked inside? (query {i})", 10)),
            new AnnotationSettings { VotesPerItem = votesPerItem, AcceptMajority = acceptMajority });
        await factory.Services.GetRequiredService<IAnnotationQueueStore>().EnsureItemsAsync(datasetId);
        return datasetId;
    }

    private Task<string> AddUserAsync(string role) =>
        UserSeed.AddUserAsync(DbFactory, $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@tests.falsereject.local");

    private AnnotationService AnnotationServiceFor(string userId) =>
        new(DbFactory, factory.Services.GetRequiredService<IAnnotationQueueStore>(), new TestCaller(userId, userId, Roles.Annotator), _clock);

    private ReviewService ReviewServiceFor(string userId, params string[] roles) =>
        new(DbFactory, factory.Services.GetRequiredService<IAnnotationQueueStore>(), new TestCaller(userId, userId, roles), _clock);

    private async Task<List<AnnotationItem>> ItemsAsync(int datasetId)
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        return await db.AnnotationItems.AsNoTracking().Where(i => i.DatasetId == datasetId && i.TaskType == AnnotationTaskType.QueryLabel)
            .OrderBy(i => i.Ordinal).ToListAsync();
    }
}
