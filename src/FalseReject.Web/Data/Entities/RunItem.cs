namespace FalseReject.Web.Data.Entities;

/// <summary>A model's response to one prompt of the run's dataset, with the judge's and any human verdict.</summary>
public class RunItem
{
    public long Id { get; set; }

    public int RunId { get; set; }

    public Run? Run { get; set; }

    public int QueryId { get; set; }

    public Query? Query { get; set; }

    /// <summary>The query's category, copied so that per-category counts need no join.</summary>
    public int CategoryId { get; set; }

    /// <summary>The 1-based line of the run file.</summary>
    public int Line { get; set; }

    public required string Response { get; set; }

    public string? Reasoning { get; set; }

    /// <summary>The judge's raw text, verbatim.</summary>
    public string? JudgeOutput { get; set; }

    /// <summary>The judge's class (from the file's label or parsed from the judge output); null when unjudged.</summary>
    public ResponseClass? JudgeClass { get; set; }

    /// <summary>A Reviewer's verdict replacing the judge's; null when none.</summary>
    public ResponseClass? HumanClass { get; set; }

    /// <summary>The class the metrics count: the human verdict when present, else the judge's. Null: unjudged.</summary>
    public ResponseClass? Class { get; set; }

    public List<RunItemOverride> Overrides { get; set; } = [];
}
