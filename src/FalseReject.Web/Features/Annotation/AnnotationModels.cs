using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Features.Annotation;

/// <summary>A dataset the caller may annotate.</summary>
public sealed record AnnotatableDataset(int Id, string Name, string? Description, int Queries, int QueriesWithResponses);

/// <summary>What a labeling page needs to start: the dataset's rules as they apply to the caller.</summary>
public sealed record AnnotationSession(
    int DatasetId,
    string DatasetName,
    AnnotationTaskType Task,
    bool ShowResponses,
    GuidelineView? Guideline,
    bool GuidelineNeedsAcknowledgement,
    IReadOnlyList<CategoryOption> Categories);

public sealed record GuidelineView(int Version, string Markdown, DateTimeOffset CreatedAt, string? CreatedBy);

public sealed record CategoryOption(int Id, string Name);

/// <summary>
/// One item as an annotator sees it: the query, its category, the responses when shown, and the
/// caller's own vote (never anyone else's, never a count, never an unsettled gold label).
/// </summary>
public sealed record AnnotationTaskView(
    long ItemId,
    int DatasetId,
    AnnotationTaskType Task,
    string Prompt,
    int CategoryId,
    string CategoryName,
    ResponsesView? Responses,
    MyVoteView? MyVote,
    bool Editable);

public sealed record ResponsesView(string? Instruct, string? CotReasoning, string? CotSolution)
{
    public bool HasInstruct => !string.IsNullOrWhiteSpace(Instruct);

    public bool HasCot => !string.IsNullOrWhiteSpace(CotSolution) || !string.IsNullOrWhiteSpace(CotReasoning);
}

public sealed record MyVoteView(QueryLabel? Label, ResponseRubric? Rubric, bool Unsure, string? Comment, int? GuidelineVersion, DateTimeOffset UpdatedAt);

/// <summary>
/// What an annotator submits. <see cref="ActiveMilliseconds"/> is measured by the page or sent by
/// an API client: 0 to <see cref="MaxActiveMilliseconds"/> per submission.
/// </summary>
public sealed record VoteInput(QueryLabel? Label, ResponseRubric? Rubric, bool Unsure, string? Comment, long ActiveMilliseconds)
{
    /// <summary>24 hours: more active time on one item in one submission is not a measurement.</summary>
    public const long MaxActiveMilliseconds = 24L * 60 * 60 * 1000;
}

public enum SubmitStatus
{
    Created,
    Updated,
    Rejected,
}

public sealed record SubmitResult(SubmitStatus Status, string? Error = null)
{
    public bool Succeeded => Status != SubmitStatus.Rejected;

    public static SubmitResult Reject(string error) => new(SubmitStatus.Rejected, error);
}

/// <summary>
/// Progress without per-item counts: the caller's own votes against the items open to them, and
/// the share of the dataset's items that are done (settled: their gold label is final).
/// </summary>
public sealed record AnnotationProgress(int MyVotes, int AvailableToMe, int DatasetItems, int DatasetDone)
{
    public double MyFraction => AvailableToMe == 0 ? 0 : (double)MyVotes / AvailableToMe;

    public double DatasetFraction => DatasetItems == 0 ? 0 : (double)DatasetDone / DatasetItems;
}

/// <summary>A step through the queue: the item now reserved for the caller (null when none is left for them) and their progress after it.</summary>
public sealed record QueueStep(AnnotationTaskView? Next, AnnotationProgress Progress);

/// <summary>A vote and, when it was accepted, the step to the next item made in the same transaction (null when refused: the caller stays on the item).</summary>
public sealed record SubmitAndNextResult(SubmitResult Result, QueueStep? Step);

/// <summary>One of the caller's votes; the gold answer appears only once the item is settled.</summary>
public sealed record HistoryEntry(
    long ItemId,
    int DatasetId,
    string DatasetName,
    AnnotationTaskType Task,
    string Prompt,
    string CategoryName,
    QueryLabel? MyLabel,
    ResponseRubric? MyRubric,
    bool Unsure,
    string? Comment,
    int? GuidelineVersion,
    DateTimeOffset UpdatedAt,
    bool Settled,
    QueryLabel? GoldLabel,
    ResponseRubric? GoldRubric,
    bool DiffersFromGold);

/// <summary>A dataset's annotation settings as the Admin page edits them.</summary>
public sealed record AnnotationSettingsView(
    int DatasetId,
    string DatasetName,
    int VotesPerItem,
    int ReservationMinutes,
    bool ShowResponsesWhileLabeling,
    IReadOnlyList<string> AllowedAnnotatorIds,
    IReadOnlyList<AnnotatorOption> Annotators,
    IReadOnlyList<GuidelineView> Guidelines,
    bool AcceptMajority = false);

public sealed record AnnotatorOption(string Id, string Email, string? DisplayName);

/// <param name="AcceptMajority">A strict majority (none unsure) settles an item; only effective when N ≥ 3.</param>
public sealed record AnnotationSettingsInput(int VotesPerItem, int ReservationMinutes, bool ShowResponsesWhileLabeling, IReadOnlyList<string> AllowedAnnotatorIds,
    bool AcceptMajority = false);

public sealed record SettingsResult(bool Succeeded, IReadOnlyList<string> Errors)
{
    public static SettingsResult Ok { get; } = new(true, []);

    public static SettingsResult Fail(params string[] errors) => new(false, errors);
}

/// <summary>The two kinds of structured response a query may carry.</summary>
public enum ResponseKind
{
    Instruct,
    Cot,
}
