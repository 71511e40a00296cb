namespace FalseReject.Web.Data.Entities;

/// <summary>
/// How a dataset is annotated. A dataset without a row uses the defaults below.
/// </summary>
public class AnnotationSettings
{
    public const int DefaultVotesPerItem = 2;
    public const int DefaultReservationMinutes = 30;

    public int DatasetId { get; set; }

    public Dataset? Dataset { get; set; }

    /// <summary>N: how many submitted votes an item needs (and may have at most).</summary>
    public int VotesPerItem { get; set; } = DefaultVotesPerItem;

    /// <summary>How long "next item" holds an item for the annotator it was served to.</summary>
    public int ReservationMinutes { get; set; } = DefaultReservationMinutes;

    /// <summary>Whether the structured responses are shown while labeling queries.</summary>
    public bool ShowResponsesWhileLabeling { get; set; }

    /// <summary>
    /// Whether a strict majority (no vote unsure) settles an item that has all its votes
    /// (<see cref="SettlementKind.Majority"/>); only effective when N is 3 or more.
    /// </summary>
    public bool AcceptMajority { get; set; }

    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;

    public string? UpdatedById { get; set; }

    /// <summary>Who may work on the dataset; empty means every annotator.</summary>
    public List<AnnotationAllowedAnnotator> AllowedAnnotators { get; set; } = [];
}

/// <summary>One entry of a dataset's annotator allow-list.</summary>
public class AnnotationAllowedAnnotator
{
    public int DatasetId { get; set; }

    public required string UserId { get; set; }

    public ApplicationUser? User { get; set; }
}

/// <summary>One version of a dataset's annotation guidelines (markdown). Versions only grow.</summary>
public class AnnotationGuideline
{
    public int Id { get; set; }

    public int DatasetId { get; set; }

    public Dataset? Dataset { get; set; }

    /// <summary>1, 2, 3, ... per dataset.</summary>
    public int Version { get; set; }

    public required string Markdown { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public string? CreatedById { get; set; }

    public ApplicationUser? CreatedBy { get; set; }
}

/// <summary>An annotator has read a guideline version (so its announcement is shown once).</summary>
public class AnnotationGuidelineAcknowledgement
{
    public int GuidelineId { get; set; }

    public required string UserId { get; set; }

    public DateTimeOffset AcknowledgedAt { get; set; } = DateTimeOffset.UtcNow;
}
