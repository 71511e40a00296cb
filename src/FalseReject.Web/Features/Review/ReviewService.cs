using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;
using FalseReject.Web.Security;
using FalseReject.Web.Statistics;

namespace FalseReject.Web.Features.Review;

/// <summary>
/// The reviewer's side of annotation: the disagreement queue (lowest agreement first), the
/// adjudication view of one item with every vote and its annotator, and adjudication itself,
/// which records who decided, when, why and how surely, on the item and in the append-only
/// gold label history. Every call checks that the caller holds a role the Review policy admits;
/// a reviewer may not adjudicate an item they voted on, and a reviewer who also annotates the
/// dataset sees no vote of an item still collecting votes (<see cref="VoteVisibility"/>).
/// </summary>
public sealed class ReviewService(
    IDbContextFactory<AppDbContext> dbFactory,
    IAnnotationQueueStore queue,
    ICurrentCaller caller,
    TimeProvider clock)
{
    public const int NoteMaxLength = 4000;

    /// <summary>Every dataset, with its open disputes and adjudicated items (both tasks).</summary>
    public async Task<IReadOnlyList<ReviewDataset>> ListDatasetsAsync(CancellationToken cancellationToken = default)
    {
        await RequireReviewerAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Datasets.AsNoTracking().OrderBy(d => d.Name)
            .Select(d => new ReviewDataset(
                d.Id,
                d.Name,
                db.AnnotationItems.Count(i => i.DatasetId == d.Id && i.Status == AnnotationItemStatus.Disputed),
                db.AnnotationItems.Count(i => i.DatasetId == d.Id && i.SettlementKind == SettlementKind.Adjudicated)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The dataset's queue under <paramref name="filter"/>: lowest agreement first, then most
    /// Unsure flags, then dataset order. Null when there is no such dataset.
    /// </summary>
    public async Task<ReviewQueue?> GetQueueAsync(int datasetId, ReviewQueueFilter filter, CancellationToken cancellationToken = default)
    {
        var reviewer = await RequireReviewerAsync(cancellationToken);
        var me = reviewer.AccountId;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var datasetName = await db.Datasets.Where(d => d.Id == datasetId).Select(d => d.Name).FirstOrDefaultAsync(cancellationToken);
        if (datasetName is null)
        {
            return null;
        }
        var visibility = await VoteVisibility.ForAsync(db, reviewer, datasetId, cancellationToken);

        var all = db.AnnotationItems.AsNoTracking().Where(i => i.DatasetId == datasetId && i.TaskType == filter.Task);
        var byStatus = await all.GroupBy(i => new { i.Status, i.SettlementKind })
            .Select(g => new { g.Key.Status, g.Key.SettlementKind, Count = g.Count() })
            .ToListAsync(cancellationToken);
        int Count(Func<AnnotationItemStatus, SettlementKind?, bool> match) => byStatus.Where(s => match(s.Status, s.SettlementKind)).Sum(s => s.Count);
        var counts = new ReviewCounts(
            Count((_, _) => true),
            Count((s, _) => s == AnnotationItemStatus.Open),
            Count((s, _) => s == AnnotationItemStatus.Disputed),
            Count((s, k) => s == AnnotationItemStatus.Settled && k == SettlementKind.Unanimous),
            Count((s, k) => s == AnnotationItemStatus.Settled && k == SettlementKind.Majority),
            Count((s, k) => s == AnnotationItemStatus.Settled && k == SettlementKind.Adjudicated));

        // No filter lists an open item, so the queue shows votes only of items whose votes everyone may see.
        var items = filter.Status switch
        {
            ReviewStatusFilter.OpenDisputes => all.Where(i => i.Status == AnnotationItemStatus.Disputed),
            ReviewStatusFilter.Adjudicated => all.Where(i => i.SettlementKind == SettlementKind.Adjudicated),
            ReviewStatusFilter.Majority => all.Where(i => i.SettlementKind == SettlementKind.Majority),
            _ => all.Where(i => i.Status != AnnotationItemStatus.Open),
        };
        if (filter.CategoryId is { } category)
        {
            items = items.Where(i => i.CategoryId == category);
        }
        if (!string.IsNullOrEmpty(filter.AnnotatorId))
        {
            items = items.Where(i => i.Votes.Any(v => v.AnnotatorId == filter.AnnotatorId));
        }
        var rows = await items
            .Select(i => new
            {
                i.Id,
                i.Ordinal,
                i.Query!.Prompt,
                i.CategoryId,
                CategoryName = i.Query.Category!.Name,
                i.Status,
                i.SettlementKind,
                i.GoldLabel,
                Votes = i.Votes.Select(v => new ItemVote(v.AnnotatorId, v.Label, v.RubricJson, v.Unsure)).ToList(),
            })
            .ToListAsync(cancellationToken);
        var agreement = ItemAgreement(rows.Select(r => (r.Id, (IReadOnlyList<ItemVote>)r.Votes)).ToList());

        var queue = rows
            .Select(r => new ReviewQueueItem(
                r.Id, r.Ordinal, r.Prompt, r.CategoryId, r.CategoryName, r.Status, r.SettlementKind, r.GoldLabel,
                r.Votes.Count,
                r.Votes.Count(v => v.Label == QueryLabel.Safe),
                r.Votes.Count(v => v.Label == QueryLabel.Unsafe),
                r.Votes.Count(v => v.Unsure),
                agreement[r.Id],
                r.Votes.Any(v => v.AnnotatorId == me)))
            .OrderBy(i => i.Agreement ?? double.MaxValue)
            .ThenByDescending(i => i.UnsureVotes)
            .ThenBy(i => i.Ordinal)
            .ToList();

        var categories = await all.Select(i => i.CategoryId).Distinct()
            .Join(db.Categories, id => id, c => c.Id, (id, c) => new CategoryOption(c.Id, c.Name))
            .ToListAsync(cancellationToken);
        // The annotator filter names only voters whose votes the caller may see.
        var annotators = await visibility.Shown(db.AnnotationVotes.AsNoTracking())
            .Where(v => v.Item!.DatasetId == datasetId && v.Item.TaskType == filter.Task)
            .Select(v => v.AnnotatorId).Distinct()
            .Join(db.Users, id => id, u => u.Id, (id, u) => new { u.Id, u.DisplayName, u.Email, u.UserName })
            .ToListAsync(cancellationToken);
        return new ReviewQueue(
            datasetId,
            datasetName,
            filter,
            counts,
            queue,
            [.. categories.OrderBy(c => c.Id)],
            [.. annotators.Select(a => new ReviewAnnotator(a.Id, NameOf(a.DisplayName, a.Email, a.UserName, a.Id))).OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase)]);
    }

    /// <summary>
    /// One item with every vote, its annotators, the gold label and its history; null when there is no such item.
    /// Throws <see cref="UnauthorizedAccessException"/> for an item still collecting votes when the caller may annotate its dataset.
    /// </summary>
    public async Task<AdjudicationItemView?> GetItemAsync(long itemId, CancellationToken cancellationToken = default)
    {
        var reviewer = await RequireReviewerAsync(cancellationToken);
        var me = reviewer.AccountId;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.AnnotationItems.AsNoTracking()
            .Where(i => i.Id == itemId)
            .Select(i => new
            {
                i.Id,
                i.DatasetId,
                DatasetName = db.Datasets.Where(d => d.Id == i.DatasetId).Select(d => d.Name).First(),
                i.TaskType,
                i.Ordinal,
                i.Query!.Prompt,
                i.CategoryId,
                CategoryName = i.Query.Category!.Name,
                i.Query.InstructResponse,
                i.Query.CotReasoning,
                i.Query.CotSolution,
                i.Status,
                i.GoldLabel,
                i.GoldRubricJson,
                i.SettlementKind,
                i.SettledAt,
                i.SettledById,
                i.AdjudicationReason,
                i.AdjudicationConfidence,
                i.SettlementNote,
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }
        if ((await VoteVisibility.ForAsync(db, reviewer, row.DatasetId, cancellationToken)).Hides(row.Status))
        {
            throw new UnauthorizedAccessException(
                $"Item {itemId} is still collecting votes, and you annotate its dataset: nobody sees the votes of an item they may still be asked " +
                "to annotate. It opens here once it is disputed or settled.");
        }
        var votes = await db.AnnotationVotes.AsNoTracking()
            .Where(v => v.ItemId == itemId)
            .OrderBy(v => v.CreatedAt).ThenBy(v => v.Id)
            .Select(v => new
            {
                v.AnnotatorId,
                v.Annotator!.DisplayName,
                v.Annotator.Email,
                v.Annotator.UserName,
                v.Label,
                v.RubricJson,
                v.Unsure,
                v.Comment,
                v.ActiveMilliseconds,
                v.GuidelineVersion,
                v.UpdatedAt,
            })
            .ToListAsync(cancellationToken);
        var history = await db.GoldLabelHistory.AsNoTracking()
            .Where(h => h.ItemId == itemId)
            .OrderBy(h => h.Id)
            .ToListAsync(cancellationToken);
        var userIds = history.Select(h => h.ChangedById).Append(row.SettledById).OfType<string>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.UserName })
            .ToDictionaryAsync(u => u.Id, u => NameOf(u.DisplayName, u.Email, u.UserName, u.Id), cancellationToken);
        string? Name(string? id) => id is null ? null : names.GetValueOrDefault(id, id);

        var itemVotes = votes.Select(v => new ItemVote(v.AnnotatorId, v.Label, v.RubricJson, v.Unsure)).ToList();
        var responses = new ResponsesView(row.InstructResponse, row.CotReasoning, row.CotSolution);
        return new AdjudicationItemView(
            row.Id,
            row.DatasetId,
            row.DatasetName,
            row.TaskType,
            row.Ordinal,
            row.Prompt,
            row.CategoryId,
            row.CategoryName,
            responses.HasInstruct || responses.HasCot ? responses : null,
            row.Status,
            ItemAgreement([(row.Id, itemVotes)])[row.Id],
            [.. votes.Select((v, n) => new ReviewVoteView(
                n + 1, v.AnnotatorId, NameOf(v.DisplayName, v.Email, v.UserName, v.AnnotatorId), v.Label, ResponseRubric.FromJson(v.RubricJson),
                v.Unsure, v.Comment, v.ActiveMilliseconds, v.GuidelineVersion, v.UpdatedAt))],
            new GoldView(row.GoldLabel, ResponseRubric.FromJson(row.GoldRubricJson), row.SettlementKind, row.SettledAt, Name(row.SettledById),
                row.AdjudicationReason, row.AdjudicationConfidence, row.SettlementNote),
            [.. history.Select(h => new GoldHistoryEntry(h.ChangedAt, Name(h.ChangedById), h.OldStatus, h.NewStatus, h.OldLabel, h.NewLabel,
                ResponseRubric.FromJson(h.NewRubricJson), h.OldKind, h.NewKind, h.Reason, h.Confidence, h.Note))],
            Settlement.CannotAdjudicate(row.Status, votes.Any(v => v.AnnotatorId == me)));
    }

    /// <summary>
    /// Sets the item's gold label (or rubric) as the caller's decision: the item becomes settled
    /// (<see cref="SettlementKind.Adjudicated"/>) with who, when, reason, confidence and note, and
    /// the change goes into the gold label history. Deciding again (re-adjudication) is allowed and
    /// recorded the same way. Refused for items still collecting votes and for items the caller voted on.
    /// </summary>
    public async Task<AdjudicationResult> AdjudicateAsync(long itemId, AdjudicationInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var me = (await RequireReviewerAsync(cancellationToken)).AccountId;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var item = await db.AnnotationItems.AsNoTracking().Where(i => i.Id == itemId)
            .Select(i => new { i.TaskType, i.Query!.InstructResponse, i.Query.CotReasoning, i.Query.CotSolution })
            .FirstOrDefaultAsync(cancellationToken);
        if (item is null)
        {
            return AdjudicationResult.Reject($"Item {itemId} does not exist.");
        }
        var responses = new ResponsesView(item.InstructResponse, item.CotReasoning, item.CotSolution);
        if (Validate(item.TaskType, input, responses) is { } error)
        {
            return AdjudicationResult.Reject(error);
        }
        // The item's state (still collecting votes? voted on by the caller?) is checked by the
        // queue store under its write lock, so a settlement cannot interleave.
        var refusal = await queue.AdjudicateAsync(new AdjudicationWrite(
            itemId,
            me,
            item.TaskType == AnnotationTaskType.QueryLabel ? input.Label : null,
            item.TaskType == AnnotationTaskType.ResponseReview ? input.Rubric!.ToJson() : null,
            input.Reason!.Value,
            input.Confidence,
            string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(),
            clock.GetUtcNow()), cancellationToken);
        return refusal is null ? AdjudicationResult.Ok : AdjudicationResult.Reject(refusal);
    }

    internal static string? Validate(AnnotationTaskType task, AdjudicationInput input, ResponsesView responses)
    {
        if (input.Note is { Length: > NoteMaxLength })
        {
            return $"Note: at most {NoteMaxLength} characters (this one has {input.Note.Length}).";
        }
        if (input.Reason is null)
        {
            return "Reason: choose annotator error, ambiguous query, guideline gap or genuinely borderline.";
        }
        if (input.Confidence is null)
        {
            return "Confidence: choose low, medium or high.";
        }
        if (task == AnnotationTaskType.QueryLabel)
        {
            return input.Label is null ? "Gold label: choose Safe or Unsafe." : null;
        }
        if (input.Rubric is null)
        {
            return "Gold rubric: answer the questions for each response.";
        }
        return AnnotationService.Validate(task, new VoteInput(null, input.Rubric, false, null, 0), responses) is { } error
            ? $"Gold rubric: {error}"
            : null;
    }

    private sealed record ItemVote(string AnnotatorId, QueryLabel? Label, string? RubricJson, bool Unsure);

    /// <summary>
    /// Each item's share of agreeing vote pairs (<see cref="Statistics.Agreement.PerItem"/>). A query vote's
    /// category is its label; a response review's is its pattern of yes/no answers (helpfulness,
    /// a scale, does not count), so two reviews agree when settlement would call them the same.
    /// </summary>
    private static Dictionary<long, double?> ItemAgreement(IReadOnlyList<(long ItemId, IReadOnlyList<ItemVote> Votes)> items)
    {
        var builder = new RatingTableBuilder<long, string>();
        var patterns = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (itemId, votes) in items)
        {
            builder.AddItem(itemId);
            foreach (var vote in votes)
            {
                builder.Add(itemId, vote.AnnotatorId, CategoryOf(vote, patterns));
            }
        }
        var perItem = Statistics.Agreement.PerItem(builder.Build());
        var result = new Dictionary<long, double?>(items.Count);
        for (var i = 0; i < builder.Items.Count; i++)
        {
            result[builder.Items[i]] = perItem[i];
        }
        return result;
    }

    private static int? CategoryOf(ItemVote vote, Dictionary<string, int> patterns)
    {
        if (vote.Label is { } label)
        {
            return (int)label;
        }
        if (ResponseRubric.FromJson(vote.RubricJson) is not { } rubric)
        {
            return null;
        }
        var key = $"{Pattern(rubric.Instruct)}|{Pattern(rubric.Cot)}";
        if (!patterns.TryGetValue(key, out var id))
        {
            id = patterns.Count;
            patterns[key] = id;
        }
        return id;

        static string Pattern(ResponseAssessment? a) => a is null
            ? "-"
            : string.Concat(Enumerable.Range(0, ResponseAssessment.Questions.Count).Select(q => a.Answer(q) ? 'y' : 'n'));
    }

    private static string NameOf(string? displayName, string? email, string? userName, string id) =>
        !string.IsNullOrWhiteSpace(displayName) ? displayName : email ?? userName ?? id;

    /// <summary>Returns the caller; throws unless the caller holds a role the Review policy admits and has an account.</summary>
    private async Task<Caller> RequireReviewerAsync(CancellationToken cancellationToken)
    {
        var reviewer = await caller.RequireAsync(Policies.Review, cancellationToken);
        _ = reviewer.AccountId; // throws for a caller without an account (the CLI's operator): review records who acted
        return reviewer;
    }
}
