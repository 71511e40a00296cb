using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Configurations;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Security;

namespace FalseReject.Web.Features.Annotation;

/// <summary>
/// The annotator's side of annotation: sessions, the queue, votes, progress and history.
/// Blind by construction: nothing here returns another person's vote, a vote count, another
/// person's comment, or the gold label of an item that is not settled. Every call checks that
/// the caller is an annotator allowed on the dataset.
/// </summary>
public sealed class AnnotationService(
    IDbContextFactory<AppDbContext> dbFactory,
    IAnnotationQueueStore queue,
    ICurrentCaller caller,
    TimeProvider clock)
{
    /// <summary>The datasets the caller may annotate.</summary>
    public async Task<IReadOnlyList<AnnotatableDataset>> ListDatasetsAsync(CancellationToken cancellationToken = default)
    {
        var me = await RequireAnnotatorAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var restricted = await db.Set<AnnotationAllowedAnnotator>().Select(a => a.DatasetId).Distinct().ToListAsync(cancellationToken);
        var allowed = await db.Set<AnnotationAllowedAnnotator>().Where(a => a.UserId == me).Select(a => a.DatasetId).ToListAsync(cancellationToken);
        var datasets = await db.Datasets.AsNoTracking().OrderBy(d => d.Name)
            .Select(d => new AnnotatableDataset(d.Id, d.Name, d.Description, d.Queries.Count, d.Queries.Count(q => q.HasResponses)))
            .ToListAsync(cancellationToken);
        return [.. datasets.Where(d => !restricted.Contains(d.Id) || allowed.Contains(d.Id))];
    }

    /// <summary>Opens a dataset's queue for the caller: creates missing items, and says which guideline applies.</summary>
    public async Task<AnnotationSession> OpenSessionAsync(int datasetId, AnnotationTaskType task, CancellationToken cancellationToken = default)
    {
        var me = await RequireAllowedAsync(datasetId, cancellationToken);
        await queue.EnsureItemsAsync(datasetId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var dataset = await db.Datasets.AsNoTracking().FirstAsync(d => d.Id == datasetId, cancellationToken);
        var settings = await db.AnnotationSettings.AsNoTracking().FirstOrDefaultAsync(s => s.DatasetId == datasetId, cancellationToken);
        var guideline = await CurrentGuidelineAsync(db, datasetId, cancellationToken);
        var acknowledged = guideline is not null && await db.Set<AnnotationGuidelineAcknowledgement>()
            .AnyAsync(a => a.GuidelineId == guideline.Id && a.UserId == me, cancellationToken);
        var categories = await db.AnnotationItems.AsNoTracking()
            .Where(i => i.DatasetId == datasetId && i.TaskType == task)
            .Select(i => i.CategoryId).Distinct()
            .Join(db.Categories, id => id, c => c.Id, (id, c) => new CategoryOption(c.Id, c.Name))
            .ToListAsync(cancellationToken);
        return new AnnotationSession(
            datasetId,
            dataset.Name,
            task,
            task == AnnotationTaskType.ResponseReview || (settings?.ShowResponsesWhileLabeling ?? false),
            guideline is null ? null : new GuidelineView(guideline.Version, guideline.Markdown, guideline.CreatedAt, null),
            guideline is not null && !acknowledged,
            [.. categories.OrderBy(c => c.Id)]);
    }

    /// <summary>Records that the caller has read the dataset's guideline version (its announcement is then not shown again).</summary>
    public async Task AcknowledgeGuidelineAsync(int datasetId, int version, CancellationToken cancellationToken = default)
    {
        var me = await RequireAllowedAsync(datasetId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var guideline = await db.AnnotationGuidelines.FirstOrDefaultAsync(g => g.DatasetId == datasetId && g.Version == version, cancellationToken)
            ?? throw new InvalidOperationException($"Dataset {datasetId} has no guideline version {version}.");
        var acknowledgements = db.Set<AnnotationGuidelineAcknowledgement>();
        if (!await acknowledgements.AnyAsync(a => a.GuidelineId == guideline.Id && a.UserId == me, cancellationToken))
        {
            acknowledgements.Add(new AnnotationGuidelineAcknowledgement { GuidelineId = guideline.Id, UserId = me, AcknowledgedAt = clock.GetUtcNow() });
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Reserves and returns the caller's next item (null when none is left for them).
    /// <paramref name="skipped"/> are items skipped in this session, not served again.
    /// </summary>
    public async Task<AnnotationTaskView?> NextAsync(int datasetId, AnnotationTaskType task, int? categoryId,
        IReadOnlyCollection<long>? skipped = null, CancellationToken cancellationToken = default)
    {
        // The queue store checks the allow-list inside its reserving transaction (one round trip fewer).
        var me = await RequireAnnotatorAsync(cancellationToken);
        var itemId = await queue.ReserveNextAsync(
            new QueueRequest(datasetId, task, me, categoryId, skipped ?? [], clock.GetUtcNow()), cancellationToken);
        return itemId is { } id ? await LoadViewAsync(id, me, cancellationToken) : null;
    }

    /// <summary>Gives the item back to the queue (the caller's reservation ends).</summary>
    public async Task SkipAsync(long itemId, CancellationToken cancellationToken = default)
    {
        var me = await RequireAnnotatorAsync(cancellationToken);
        await queue.ReleaseAsync(itemId, me, cancellationToken);
    }

    /// <summary>An item the caller has voted on, with their vote (undo, or edit from the history).</summary>
    public async Task<AnnotationTaskView?> OpenMyVoteAsync(long itemId, CancellationToken cancellationToken = default)
    {
        var me = await RequireAnnotatorAsync(cancellationToken);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var datasetId = await db.AnnotationVotes.Where(v => v.ItemId == itemId && v.AnnotatorId == me)
                .Select(v => (int?)v.Item!.DatasetId).FirstOrDefaultAsync(cancellationToken);
            if (datasetId is null)
            {
                return null;
            }
            await RequireAllowedAsync(datasetId.Value, cancellationToken);
        }
        return await LoadViewAsync(itemId, me, cancellationToken);
    }

    /// <summary>Creates or changes the caller's vote on an item (changes only while the item still waits for votes).</summary>
    public async Task<SubmitResult> SubmitAsync(long itemId, VoteInput input, CancellationToken cancellationToken = default)
    {
        var me = await RequireAnnotatorAsync(cancellationToken);
        var (vote, _, refusal) = await PrepareVoteAsync(itemId, input, me, cancellationToken);
        return vote is null ? refusal! : await queue.SubmitAsync(vote, cancellationToken);
    }

    /// <summary>
    /// The labeling page's Enter: <see cref="SubmitAsync"/> and, when the vote is accepted,
    /// <see cref="NextAsync"/> in the voted item's queue, in one transaction of the queue store;
    /// then the next item and the progress. A refused vote reserves nothing.
    /// </summary>
    public async Task<SubmitAndNextResult> SubmitAndNextAsync(long itemId, VoteInput input, int? categoryId,
        IReadOnlyCollection<long>? skipped = null, CancellationToken cancellationToken = default)
    {
        var me = await RequireAnnotatorAsync(cancellationToken);
        var (vote, queueOf, refusal) = await PrepareVoteAsync(itemId, input, me, cancellationToken);
        if (vote is null)
        {
            return new SubmitAndNextResult(refusal!, null);
        }
        var request = new QueueRequest(queueOf.DatasetId, queueOf.Task, me, categoryId, skipped ?? [], vote.Now);
        var (result, next) = await queue.SubmitAndReserveNextAsync(vote, request, cancellationToken);
        return new SubmitAndNextResult(result, result.Succeeded ? await StepAsync(request, next, cancellationToken) : null);
    }

    /// <summary>
    /// The labeling page's K: gives the item back to the queue (<see cref="SkipAsync"/>; nothing to
    /// give back for an item the caller voted on) and reserves the next one (<see cref="NextAsync"/>),
    /// in one transaction of the queue store; then the next item and the progress.
    /// </summary>
    public async Task<QueueStep> SkipAndNextAsync(long itemId, int datasetId, AnnotationTaskType task, int? categoryId,
        IReadOnlyCollection<long>? skipped = null, CancellationToken cancellationToken = default)
    {
        var me = await RequireAnnotatorAsync(cancellationToken);
        var request = new QueueRequest(datasetId, task, me, categoryId, skipped ?? [], clock.GetUtcNow());
        var next = await queue.ReleaseAndReserveNextAsync(itemId, request, cancellationToken);
        return await StepAsync(request, next, cancellationToken);
    }

    /// <summary>
    /// The caller's progress and the dataset's (items with a final gold label), without per-item
    /// counts. A disputed item counts as not done, like one still waiting for votes: before its gold
    /// label is final, nothing here tells an annotator which of the two it is.
    /// </summary>
    public async Task<AnnotationProgress> GetProgressAsync(int datasetId, AnnotationTaskType task, CancellationToken cancellationToken = default)
    {
        var me = await RequireAnnotatorAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ProgressAsync(db, datasetId, task, me, cancellationToken);
    }

    /// <summary>The caller's votes, newest first; gold answers only for settled items.</summary>
    public async Task<IReadOnlyList<HistoryEntry>> GetMyHistoryAsync(int? datasetId = null, CancellationToken cancellationToken = default)
    {
        var me = await RequireAnnotatorAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var votes = db.AnnotationVotes.AsNoTracking().Where(v => v.AnnotatorId == me);
        if (datasetId is { } d)
        {
            votes = votes.Where(v => v.Item!.DatasetId == d);
        }
        var rows = await votes
            .Select(v => new
            {
                v.ItemId,
                v.Item!.DatasetId,
                DatasetName = db.Datasets.Where(x => x.Id == v.Item.DatasetId).Select(x => x.Name).First(),
                v.Item.TaskType,
                v.Item.Query!.Prompt,
                CategoryName = v.Item.Query.Category!.Name,
                v.Label,
                v.RubricJson,
                v.Unsure,
                v.Comment,
                v.GuidelineVersion,
                v.UpdatedAt,
                v.Item.Status,
                v.Item.GoldLabel,
                v.Item.GoldRubricJson,
            })
            .ToListAsync(cancellationToken);
        return [.. rows.OrderByDescending(r => r.UpdatedAt).Select(r =>
        {
            var settled = r.Status == AnnotationItemStatus.Settled;
            var myRubric = ResponseRubric.FromJson(r.RubricJson);
            var goldRubric = settled ? ResponseRubric.FromJson(r.GoldRubricJson) : null;
            var goldLabel = settled ? r.GoldLabel : null;
            var differs = settled && (r.TaskType == AnnotationTaskType.QueryLabel
                ? r.Label != goldLabel
                : myRubric is null || goldRubric is null || !myRubric.AgreesWith(goldRubric));
            return new HistoryEntry(r.ItemId, r.DatasetId, r.DatasetName, r.TaskType, r.Prompt, r.CategoryName, r.Label, myRubric,
                r.Unsure, r.Comment, r.GuidelineVersion, r.UpdatedAt, settled, goldLabel, goldRubric, differs);
        })];
    }

    internal static string? Validate(AnnotationTaskType task, VoteInput input, ResponsesView responses) =>
        Validate(task, input, responses.HasInstruct, responses.HasCot);

    internal static string? Validate(AnnotationTaskType task, VoteInput input, bool hasInstruct, bool hasCot)
    {
        if (input.Comment is { Length: > AnnotationVoteConfiguration.CommentMaxLength })
        {
            return $"Comment: at most {AnnotationVoteConfiguration.CommentMaxLength} characters (this one has {input.Comment.Length}).";
        }
        if (input.ActiveMilliseconds < 0)
        {
            return "Active time: must not be negative.";
        }
        if (input.ActiveMilliseconds > VoteInput.MaxActiveMilliseconds)
        {
            return $"Active time (activeMilliseconds): at most {VoteInput.MaxActiveMilliseconds}, 24 hours, per submission.";
        }
        if (task == AnnotationTaskType.QueryLabel)
        {
            return input.Label is null ? "Label: choose Safe or Unsafe." : null;
        }

        if (input.Rubric is not { } rubric)
        {
            return "Review: answer the questions for each response.";
        }
        return Check("Instruct response", hasInstruct, rubric.Instruct)
            ?? Check("CoT response", hasCot, rubric.Cot);

        static string? Check(string kind, bool present, ResponseAssessment? assessment) =>
            (present, assessment) switch
            {
                (true, null) => $"{kind}: answer its questions.",
                (false, not null) => $"{kind}: this query has none, so it takes no answers.",
                (true, { Helpfulness: < ResponseAssessment.MinHelpfulness or > ResponseAssessment.MaxHelpfulness }) =>
                    $"{kind}: helpfulness must be {ResponseAssessment.MinHelpfulness} to {ResponseAssessment.MaxHelpfulness}.",
                _ => null,
            };
    }

    /// <summary>
    /// Checks a vote against its item (one round trip: the item, whether its responses exist, the
    /// allow-list and the current guideline version) and makes the store's write of it, with the
    /// item's queue; or the refusal.
    /// </summary>
    private async Task<(VoteWrite? Vote, (int DatasetId, AnnotationTaskType Task) Queue, SubmitResult? Refusal)> PrepareVoteAsync(
        long itemId, VoteInput input, string me, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var keepsMeOff = KeepsOff(me);
        var item = await db.AnnotationItems.AsNoTracking()
            .Where(i => i.Id == itemId)
            .Select(i => new
            {
                i.DatasetId,
                i.TaskType,
                // The importer stores blank responses as null, so "present" is "not null" here.
                HasInstruct = i.Query!.InstructResponse != null,
                HasCot = i.Query.CotReasoning != null || i.Query.CotSolution != null,
                Excluded = db.AnnotationSettings.Where(keepsMeOff).Any(s => s.DatasetId == i.DatasetId),
                Guideline = db.AnnotationGuidelines.Where(g => g.DatasetId == i.DatasetId).Max(g => (int?)g.Version),
            })
            .FirstOrDefaultAsync(cancellationToken);
        // An item of a dataset the caller may not annotate answers as if it did not exist, before
        // any validation, so that its existence and task type do not show.
        if (item is null || item.Excluded)
        {
            return (null, default, SubmitResult.Reject($"Item {itemId} does not exist."));
        }
        if (Validate(item.TaskType, input, item.HasInstruct, item.HasCot) is { } error)
        {
            return (null, default, SubmitResult.Reject(error));
        }
        var task = item.TaskType;
        var vote = new VoteWrite(
            itemId,
            me,
            task == AnnotationTaskType.QueryLabel ? input.Label : null,
            task == AnnotationTaskType.ResponseReview ? input.Rubric!.ToJson() : null,
            input.Unsure,
            string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim(),
            item.Guideline,
            input.ActiveMilliseconds,
            clock.GetUtcNow());
        return (vote, (item.DatasetId, task), null);
    }

    /// <summary>The item the queue reserved (if any) and the caller's progress after it.</summary>
    private async Task<QueueStep> StepAsync(QueueRequest request, long? next, CancellationToken cancellationToken)
    {
        var view = next is { } id ? await LoadViewAsync(id, request.AnnotatorId, cancellationToken) : null;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return new QueueStep(view, await ProgressAsync(db, request.DatasetId, request.Task, request.AnnotatorId, cancellationToken));
    }

    /// <summary>
    /// The progress of <see cref="GetProgressAsync"/> in one statement, with the allow-list check:
    /// throws when the dataset's allow-list keeps the caller off it; zeros for no such dataset.
    /// </summary>
    private static async Task<AnnotationProgress> ProgressAsync(AppDbContext db, int datasetId, AnnotationTaskType task, string me,
        CancellationToken cancellationToken)
    {
        var items = db.AnnotationItems.Where(i => i.DatasetId == datasetId && i.TaskType == task);
        var keepsMeOff = KeepsOff(me);
        var counts = await db.Datasets.Where(d => d.Id == datasetId)
            .Select(d => new
            {
                Excluded = db.AnnotationSettings.Where(keepsMeOff).Any(s => s.DatasetId == d.Id),
                Mine = items.Count(i => i.Votes.Any(v => v.AnnotatorId == me)),
                OpenToMe = items.Count(i => i.Status == AnnotationItemStatus.Open && !i.Votes.Any(v => v.AnnotatorId == me)),
                Total = items.Count(),
                Done = items.Count(i => i.Status == AnnotationItemStatus.Settled),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (counts is null)
        {
            return new AnnotationProgress(0, 0, 0, 0);
        }
        if (counts.Excluded)
        {
            throw new UnauthorizedAccessException(AnnotationQueueStore.NotAllowedMessage);
        }
        return new AnnotationProgress(counts.Mine, counts.Mine + counts.OpenToMe, counts.Total, counts.Done);
    }

    private async Task<AnnotationTaskView?> LoadViewAsync(long itemId, string me, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.AnnotationItems.AsNoTracking()
            .Where(i => i.Id == itemId)
            .Select(i => new
            {
                i.Id,
                i.DatasetId,
                i.TaskType,
                i.Status,
                i.Query!.Prompt,
                i.CategoryId,
                CategoryName = i.Query.Category!.Name,
                i.Query.InstructResponse,
                i.Query.CotReasoning,
                i.Query.CotSolution,
                Show = db.AnnotationSettings.Where(s => s.DatasetId == i.DatasetId).Select(s => s.ShowResponsesWhileLabeling).FirstOrDefault(),
                Mine = i.Votes.Where(v => v.AnnotatorId == me)
                    .Select(v => new { v.Label, v.RubricJson, v.Unsure, v.Comment, v.GuidelineVersion, v.UpdatedAt })
                    .FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }
        var showResponses = row.TaskType == AnnotationTaskType.ResponseReview || row.Show;
        var responses = new ResponsesView(row.InstructResponse, row.CotReasoning, row.CotSolution);
        return new AnnotationTaskView(
            row.Id,
            row.DatasetId,
            row.TaskType,
            row.Prompt,
            row.CategoryId,
            row.CategoryName,
            showResponses && (responses.HasInstruct || responses.HasCot) ? responses : null,
            row.Mine is { } m ? new MyVoteView(m.Label, ResponseRubric.FromJson(m.RubricJson), m.Unsure, m.Comment, m.GuidelineVersion, m.UpdatedAt) : null,
            row.Status == AnnotationItemStatus.Open);
    }

    private static Task<AnnotationGuideline?> CurrentGuidelineAsync(AppDbContext db, int datasetId, CancellationToken cancellationToken) =>
        db.AnnotationGuidelines.AsNoTracking().Where(g => g.DatasetId == datasetId)
            .OrderByDescending(g => g.Version).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Returns the caller's user id; throws unless the caller is an annotator allowed on the dataset.</summary>
    private async Task<string> RequireAllowedAsync(int datasetId, CancellationToken cancellationToken)
    {
        var me = await RequireAnnotatorAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await RequireAllowedAsync(db, datasetId, me, cancellationToken);
        return me;
    }

    private static async Task RequireAllowedAsync(AppDbContext db, int datasetId, string me, CancellationToken cancellationToken)
    {
        if (await IsExcludedAsync(db, datasetId, me, cancellationToken))
        {
            throw new UnauthorizedAccessException(AnnotationQueueStore.NotAllowedMessage);
        }
    }

    /// <summary>
    /// Whether the dataset's allow-list keeps <paramref name="annotatorId"/> off it. One round trip:
    /// an allow-list exists for the dataset and does not name them (no list means every annotator).
    /// </summary>
    internal static Task<bool> IsExcludedAsync(AppDbContext db, int datasetId, string annotatorId, CancellationToken cancellationToken) =>
        db.AnnotationSettings.Where(KeepsOff(annotatorId)).AnyAsync(s => s.DatasetId == datasetId, cancellationToken);

    /// <summary>The allow-list rule, written once for every query that applies it: the settings have a list and it does not name <paramref name="annotatorId"/>.</summary>
    private static Expression<Func<AnnotationSettings, bool>> KeepsOff(string annotatorId) =>
        s => s.AllowedAnnotators.Any() && !s.AllowedAnnotators.Any(a => a.UserId == annotatorId);

    /// <summary>Returns the caller's user id; throws unless the caller holds a role the Annotate policy admits.</summary>
    private async Task<string> RequireAnnotatorAsync(CancellationToken cancellationToken) =>
        (await caller.RequireAsync(Policies.Annotate, cancellationToken)).AccountId;
}
