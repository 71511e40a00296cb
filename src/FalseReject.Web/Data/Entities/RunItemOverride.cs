namespace FalseReject.Web.Data.Entities;

/// <summary>One human verdict on a run item, with its reason: the history of overrides.</summary>
public class RunItemOverride
{
    public long Id { get; set; }

    public long RunItemId { get; set; }

    public RunItem? RunItem { get; set; }

    /// <summary>The class counted before this override (null: unjudged).</summary>
    public ResponseClass? PreviousClass { get; set; }

    /// <summary>The human verdict.</summary>
    public ResponseClass NewClass { get; set; }

    public required string Reason { get; set; }

    public string? ById { get; set; }

    /// <summary>The reviewer's user name at the time (kept when the account goes).</summary>
    public required string ByName { get; set; }

    public DateTimeOffset At { get; set; } = DateTimeOffset.UtcNow;
}
