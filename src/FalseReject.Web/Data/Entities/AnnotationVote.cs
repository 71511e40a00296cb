namespace FalseReject.Web.Data.Entities;

/// <summary>An annotator's answer on an item: one per annotator per item, editable until the item settles.</summary>
public class AnnotationVote
{
    public long Id { get; set; }

    public long ItemId { get; set; }

    public AnnotationItem? Item { get; set; }

    public required string AnnotatorId { get; set; }

    public ApplicationUser? Annotator { get; set; }

    /// <summary>The answer of a query-label vote.</summary>
    public QueryLabel? Label { get; set; }

    /// <summary>The answers of a response-review vote (JSON of <c>ResponseRubric</c>).</summary>
    public string? RubricJson { get; set; }

    public bool Unsure { get; set; }

    public string? Comment { get; set; }

    /// <summary>The guideline version in force when the vote was last cast; null when the dataset had none.</summary>
    public int? GuidelineVersion { get; set; }

    /// <summary>Active time on the item (idle stretches over 60 s not counted), summed over edits.</summary>
    public long ActiveMilliseconds { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// Append-only record of every vote creation and change. No foreign keys, so that it outlives the
/// rows it describes; the database refuses updates and deletes (triggers).
/// </summary>
public class AnnotationVoteHistory
{
    public long Id { get; set; }

    public long VoteId { get; set; }

    public long ItemId { get; set; }

    public required string AnnotatorId { get; set; }

    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>The vote before the change (JSON); null for a creation.</summary>
    public string? OldValueJson { get; set; }

    public required string NewValueJson { get; set; }
}
