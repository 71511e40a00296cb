using System.Globalization;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;

namespace FalseReject.Web.Features.Review;

/// <summary>Which items the review queue lists.</summary>
public enum ReviewStatusFilter
{
    /// <summary>Fully voted items whose votes split or carry an Unsure flag, not yet decided.</summary>
    OpenDisputes,

    /// <summary>Items a reviewer decided.</summary>
    Adjudicated,

    /// <summary>Items settled by the dataset's majority rule (for an audit).</summary>
    Majority,

    /// <summary>Every fully voted item.</summary>
    All,
}

/// <param name="AnnotatorId">Only items this annotator voted on.</param>
public sealed record ReviewQueueFilter(
    AnnotationTaskType Task = AnnotationTaskType.QueryLabel,
    int? CategoryId = null,
    string? AnnotatorId = null,
    ReviewStatusFilter Status = ReviewStatusFilter.OpenDisputes);

/// <summary>A dataset as the reviewer's picker shows it.</summary>
public sealed record ReviewDataset(int Id, string Name, int OpenDisputes, int Adjudicated);

/// <summary>How a dataset's items of one task stand (not filtered).</summary>
public sealed record ReviewCounts(int Items, int Open, int OpenDisputes, int Unanimous, int Majority, int Adjudicated);

public sealed record ReviewAnnotator(string Id, string Name);

/// <summary>The disagreement queue of a dataset: the filtered items, lowest agreement first.</summary>
public sealed record ReviewQueue(
    int DatasetId,
    string DatasetName,
    ReviewQueueFilter Filter,
    ReviewCounts Counts,
    IReadOnlyList<ReviewQueueItem> Items,
    IReadOnlyList<CategoryOption> Categories,
    IReadOnlyList<ReviewAnnotator> Annotators);

/// <param name="Agreement">The share of agreeing vote pairs (1 = unanimous); null with fewer than two votes.</param>
/// <param name="VotedByMe">The caller voted on the item, so may not adjudicate it.</param>
public sealed record ReviewQueueItem(
    long ItemId,
    int Ordinal,
    string Prompt,
    int CategoryId,
    string CategoryName,
    AnnotationItemStatus Status,
    SettlementKind? Kind,
    QueryLabel? GoldLabel,
    int Votes,
    int SafeVotes,
    int UnsafeVotes,
    int UnsureVotes,
    double? Agreement,
    bool VotedByMe);

/// <summary>One annotator's vote as the reviewer sees it.</summary>
/// <param name="Number">1, 2, 3... in the order the votes were cast ("Annotator 1" when names are hidden).</param>
public sealed record ReviewVoteView(
    int Number,
    string AnnotatorId,
    string AnnotatorName,
    QueryLabel? Label,
    ResponseRubric? Rubric,
    bool Unsure,
    string? Comment,
    long ActiveMilliseconds,
    int? GuidelineVersion,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Decisions faster than this are flagged: too quick to have read the item.</summary>
    public const long FastMilliseconds = 3000;

    public bool Fast => ActiveMilliseconds < FastMilliseconds;
}

/// <summary>An item's current gold label and its provenance.</summary>
public sealed record GoldView(
    QueryLabel? Label,
    ResponseRubric? Rubric,
    SettlementKind? Kind,
    DateTimeOffset? SettledAt,
    string? SettledBy,
    AdjudicationReason? Reason,
    AdjudicationConfidence? Confidence,
    string? Note);

/// <summary>One change of an item's gold label; <see cref="ChangedBy"/> is null for automatic settlement.</summary>
public sealed record GoldHistoryEntry(
    DateTimeOffset ChangedAt,
    string? ChangedBy,
    AnnotationItemStatus? OldStatus,
    AnnotationItemStatus NewStatus,
    QueryLabel? OldLabel,
    QueryLabel? NewLabel,
    ResponseRubric? NewRubric,
    SettlementKind? OldKind,
    SettlementKind? NewKind,
    AdjudicationReason? Reason,
    AdjudicationConfidence? Confidence,
    string? Note);

/// <summary>Everything the adjudication view shows about one item.</summary>
public sealed record AdjudicationItemView(
    long ItemId,
    int DatasetId,
    string DatasetName,
    AnnotationTaskType Task,
    int Ordinal,
    string Prompt,
    int CategoryId,
    string CategoryName,
    ResponsesView? Responses,
    AnnotationItemStatus Status,
    double? Agreement,
    IReadOnlyList<ReviewVoteView> Votes,
    GoldView Gold,
    IReadOnlyList<GoldHistoryEntry> History,
    string? CannotAdjudicateReason)
{
    public bool CanAdjudicate => CannotAdjudicateReason is null;
}

/// <summary>A reviewer's decision: the gold label (query) or rubric (response review), with confidence, reason and note.</summary>
public sealed record AdjudicationInput(
    QueryLabel? Label,
    ResponseRubric? Rubric,
    AdjudicationConfidence? Confidence,
    AdjudicationReason? Reason,
    string? Note);

public sealed record AdjudicationResult(bool Succeeded, string? Error = null)
{
    public static AdjudicationResult Ok { get; } = new(true);

    public static AdjudicationResult Reject(string error) => new(false, error);
}

/// <summary>Display names of the adjudication enums.</summary>
public static class ReviewText
{
    public static string Of(AdjudicationReason reason) => reason switch
    {
        AdjudicationReason.AnnotatorError => "Annotator error",
        AdjudicationReason.AmbiguousQuery => "Ambiguous query",
        AdjudicationReason.GuidelineGap => "Guideline gap",
        AdjudicationReason.GenuinelyBorderline => "Genuinely borderline",
        _ => reason.ToString(),
    };

    public static string Of(SettlementKind kind) => kind switch
    {
        SettlementKind.Unanimous => "Unanimous",
        SettlementKind.Majority => "Majority",
        SettlementKind.Adjudicated => "Adjudicated",
        _ => kind.ToString(),
    };

    /// <summary>A share as a whole percentage: "33%".</summary>
    public static string Percent(double share) => string.Create(CultureInfo.InvariantCulture, $"{share * 100:0}%");

    /// <summary>Active time as people read it: "2.4 s", "1 min 05 s".</summary>
    public static string Duration(long milliseconds) => milliseconds < 60_000
        ? string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1000.0:0.0} s")
        : string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 60_000} min {milliseconds / 1000 % 60:00} s");
}
