namespace FalseReject.Web.Data.Entities;

/// <summary>A named collection of queries: an imported FalseReject split or a generation pipeline's output.</summary>
public class Dataset
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary>Where the queries came from: a file name, a Hub path, a pipeline run.</summary>
    public string? Source { get; set; }

    public string? CreatedById { get; set; }

    public ApplicationUser? CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>
    /// The change stamp of this dataset's runs: bumped (see <see cref="DatasetChangeStamps"/>) in the same
    /// transaction as any run import, override or deletion, so every process's cached leaderboard sees the change.
    /// </summary>
    public long RunsVersion { get; set; }

    public List<Query> Queries { get; set; } = [];
}
