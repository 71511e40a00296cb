namespace FalseReject.Web.Data.Entities;

/// <summary>
/// One seemingly toxic query of a dataset, with the optional structured responses of the
/// FalseReject train split (the instruct response, and the CoT response's reasoning and final
/// solution kept apart).
/// </summary>
public class Query
{
    public int Id { get; set; }

    public int DatasetId { get; set; }

    public Dataset? Dataset { get; set; }

    /// <summary>Position in the dataset (0-based, in import order): "dataset order".</summary>
    public int Ordinal { get; set; }

    public required string Prompt { get; set; }

    /// <summary>
    /// SHA-256 (hex) of the prompt's normalised form (NFC, white space collapsed, zero-width characters
    /// removed; case kept): a prompt appears once per dataset. Rows imported by earlier versions hold
    /// the hash of the trimmed prompt only, so the importer compares keys it recomputes from the
    /// prompts, not this column.
    /// </summary>
    public required string PromptHash { get; set; }

    public int CategoryId { get; set; }

    public Category? Category { get; set; }

    public string? InstructResponse { get; set; }

    public string? CotReasoning { get; set; }

    public string? CotSolution { get; set; }

    /// <summary>True when any structured response is present (kept for fast filtering).</summary>
    public bool HasResponses { get; set; }

    /// <summary>Per-query metadata as a JSON object (generation-pipeline fields), verbatim.</summary>
    public string? MetadataJson { get; set; }

    /// <summary>The 1-based line of the imported file the query came from.</summary>
    public int SourceLine { get; set; }
}
