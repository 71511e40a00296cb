namespace FalseReject.Web.Data.Entities;

/// <summary>Why a reviewer's gold label differs from (some of) the votes.</summary>
public enum AdjudicationReason
{
    /// <summary>An annotator misread the query or the guidelines.</summary>
    AnnotatorError,

    /// <summary>The query can be read more than one way.</summary>
    AmbiguousQuery,

    /// <summary>The guidelines do not settle this case.</summary>
    GuidelineGap,

    /// <summary>Reasonable people differ: the item sits on the line.</summary>
    GenuinelyBorderline,
}

/// <summary>How sure the reviewer is of an adjudicated gold label.</summary>
public enum AdjudicationConfidence
{
    Low,
    Medium,
    High,
}

/// <summary>
/// Append-only record of every change of an item's gold label: automatic settlement (unanimous or
/// majority), adjudication and re-adjudication. No foreign keys, so that it outlives the rows it
/// describes; on SQLite the database refuses updates and deletes (triggers).
/// </summary>
public class GoldLabelHistory
{
    public long Id { get; set; }

    public long ItemId { get; set; }

    public int DatasetId { get; set; }

    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>The reviewer who made the change; null for an automatic settlement.</summary>
    public string? ChangedById { get; set; }

    public AnnotationItemStatus? OldStatus { get; set; }

    public AnnotationItemStatus NewStatus { get; set; }

    public QueryLabel? OldLabel { get; set; }

    public QueryLabel? NewLabel { get; set; }

    public string? OldRubricJson { get; set; }

    public string? NewRubricJson { get; set; }

    public SettlementKind? OldKind { get; set; }

    public SettlementKind? NewKind { get; set; }

    public AdjudicationReason? Reason { get; set; }

    public AdjudicationConfidence? Confidence { get; set; }

    public string? Note { get; set; }
}
