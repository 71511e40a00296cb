namespace FalseReject.Web.Data.Entities;

/// <summary>
/// One unit of annotation work: a query of a dataset under one task type. Its status and gold
/// label carry their provenance, so that review (adjudication) builds on the same model.
/// </summary>
public class AnnotationItem
{
    public long Id { get; set; }

    public int DatasetId { get; set; }

    public int QueryId { get; set; }

    public Query? Query { get; set; }

    public AnnotationTaskType TaskType { get; set; }

    /// <summary>The query's position in the dataset (copied for the queue's order).</summary>
    public int Ordinal { get; set; }

    /// <summary>The query's category (copied for the queue's filter).</summary>
    public int CategoryId { get; set; }

    public AnnotationItemStatus Status { get; set; } = AnnotationItemStatus.Open;

    /// <summary>Submitted votes; never more than the dataset's N. Internal: never shown to annotators.</summary>
    public int VoteCount { get; set; }

    /// <summary>The gold label of a settled <see cref="AnnotationTaskType.QueryLabel"/> item.</summary>
    public QueryLabel? GoldLabel { get; set; }

    /// <summary>The gold rubric (JSON) of a settled <see cref="AnnotationTaskType.ResponseReview"/> item.</summary>
    public string? GoldRubricJson { get; set; }

    public DateTimeOffset? SettledAt { get; set; }

    /// <summary>The reviewer who settled the item; null when it settled automatically.</summary>
    public string? SettledById { get; set; }

    public SettlementKind? SettlementKind { get; set; }

    /// <summary>A reviewer's note on an adjudicated gold label.</summary>
    public string? SettlementNote { get; set; }

    /// <summary>Why the reviewer decided as they did (adjudicated items only).</summary>
    public AdjudicationReason? AdjudicationReason { get; set; }

    /// <summary>How sure the reviewer is (adjudicated items only).</summary>
    public AdjudicationConfidence? AdjudicationConfidence { get; set; }

    public List<AnnotationVote> Votes { get; set; } = [];
}

/// <summary>
/// An item held for an annotator by "next item" until <see cref="ExpiresAt"/>; while live it
/// counts towards the item's N for everyone else.
/// </summary>
public class AnnotationReservation
{
    public long ItemId { get; set; }

    public required string AnnotatorId { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
