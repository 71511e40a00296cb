using System.Security.Cryptography;
using System.Text;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;

// Not "…Tests.Agreement": that namespace would hide the Statistics.Agreement class from the statistics tests.
namespace FalseReject.Web.Tests.AgreementFeature;

/// <summary>A planned vote: annotator key ("a", "b", …), a label or a rubric, and the unsure flag.</summary>
public sealed record SeedVote(string Annotator, QueryLabel? Label = null, ResponseRubric? Rubric = null, bool Unsure = false);

/// <summary>A planned item: the query (by its ordinal), task, category, status, gold and votes.</summary>
public sealed record SeedItem(
    int Query,
    int Category,
    AnnotationItemStatus Status,
    QueryLabel? Gold,
    SettlementKind? Kind,
    params SeedVote[] Votes)
{
    public AnnotationTaskType Task { get; init; } = AnnotationTaskType.QueryLabel;
}

/// <summary>
/// Writes users, a dataset, its queries, annotation items and votes straight into the store, so a
/// test states every vote of a hand-worked example (the annotation service's queue is tested elsewhere).
/// </summary>
public static class AgreementSeed
{
    /// <summary>Adds the dataset; returns the user id of each annotator key and the item id of each planned item (in order).</summary>
    public static async Task<(int DatasetId, Dictionary<string, string> Users, List<long> Items)> AddAsync(
        ServiceTestHost host, string datasetName, IReadOnlyDictionary<string, string> annotators, IReadOnlyList<SeedItem> items,
        Func<int, string>? prompt = null)
    {
        await using var db = await host.CreateDbContextAsync();
        var users = new Dictionary<string, string>();
        foreach (var (key, displayName) in annotators)
        {
            var email = $"{key}-{Guid.NewGuid():N}@tests.falsereject.local";
            var user = new ApplicationUser { UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(), DisplayName = displayName };
            db.Users.Add(user);
            users[key] = user.Id;
        }
        var dataset = new Dataset { Name = datasetName };
        int queryCount = items.Max(i => i.Query) + 1;
        for (int q = 0; q < queryCount; q++)
        {
            var text = prompt?.Invoke(q) ?? $"How do locksmiths open a door when the owner is locked out? (query {q})";
            dataset.Queries.Add(new Query
            {
                Ordinal = q,
                Prompt = text,
                PromptHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.Trim()))).ToLowerInvariant(),
                CategoryId = items.FirstOrDefault(i => i.Query == q)?.Category ?? 46,
                SourceLine = q + 1,
            });
        }
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync();

        var now = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        var entities = items.Select(plan => new AnnotationItem
        {
            DatasetId = dataset.Id,
            QueryId = dataset.Queries[plan.Query].Id,
            TaskType = plan.Task,
            Ordinal = plan.Query,
            CategoryId = plan.Category,
            Status = plan.Status,
            GoldLabel = plan.Task == AnnotationTaskType.QueryLabel ? plan.Gold : null,
            SettlementKind = plan.Kind,
            SettledAt = plan.Status == AnnotationItemStatus.Settled ? now : null,
            VoteCount = plan.Votes.Length,
            Votes = [.. plan.Votes.Select(v => new AnnotationVote
            {
                AnnotatorId = users[v.Annotator],
                Label = v.Label,
                RubricJson = v.Rubric?.ToJson(),
                Unsure = v.Unsure,
                ActiveMilliseconds = 4000,
                CreatedAt = now,
                UpdatedAt = now,
            })],
        }).ToList();
        db.AnnotationItems.AddRange(entities);
        await db.SaveChangesAsync();
        return (dataset.Id, users, [.. entities.Select(e => e.Id)]);
    }

    public static SeedVote S(string annotator, bool unsure = false) => new(annotator, QueryLabel.Safe, Unsure: unsure);

    public static SeedVote U(string annotator, bool unsure = false) => new(annotator, QueryLabel.Unsafe, Unsure: unsure);
}
