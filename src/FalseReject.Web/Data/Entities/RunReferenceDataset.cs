namespace FalseReject.Web.Data.Entities;

/// <summary>
/// An Admin's mark that a dataset is the FalseReject-Test split: its leaderboard then shows the
/// paper's reported results beside the runs. A table of its own, so the Dataset entity stays the
/// datasets feature's.
/// </summary>
public class RunReferenceDataset
{
    public int DatasetId { get; set; }

    public Dataset? Dataset { get; set; }

    public string? MarkedById { get; set; }

    public DateTimeOffset MarkedAt { get; set; } = DateTimeOffset.UtcNow;
}
