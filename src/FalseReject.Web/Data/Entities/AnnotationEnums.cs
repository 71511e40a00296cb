namespace FalseReject.Web.Data.Entities;

/// <summary>What an annotator is asked about an item.</summary>
public enum AnnotationTaskType
{
    /// <summary>Is the query safe to answer (benign, it only sounds harmful) or genuinely unsafe?</summary>
    QueryLabel,

    /// <summary>Does each structured response follow the four-part structure, stay safe, and help?</summary>
    ResponseReview,
}

/// <summary>The answer of a <see cref="AnnotationTaskType.QueryLabel"/> vote and the gold label of a settled item.</summary>
public enum QueryLabel
{
    Safe,
    Unsafe,
}

/// <summary>An item's life: open for votes, then settled (it has a gold label) or disputed (awaiting adjudication).</summary>
public enum AnnotationItemStatus
{
    Open,
    Settled,
    Disputed,
}

/// <summary>How a settled item got its gold label.</summary>
public enum SettlementKind
{
    /// <summary>All N votes agreed and none was unsure (set automatically).</summary>
    Unanimous,

    /// <summary>A reviewer decided a disputed item.</summary>
    Adjudicated,

    /// <summary>A strict majority of the N votes (N ≥ 3, none unsure) agreed, and the dataset accepts majorities (set automatically).</summary>
    Majority,
}
