namespace FalseReject.Web.Data.Entities;

/// <summary>One model's responses to the prompts of one dataset, with the judge's verdicts.</summary>
public class Run
{
    public int Id { get; set; }

    public int ModelId { get; set; }

    public Model? Model { get; set; }

    public int DatasetId { get; set; }

    public Dataset? Dataset { get; set; }

    /// <summary>The model that judged the responses (e.g. the paper's GPT-4o judge); optional.</summary>
    public string? JudgeModel { get; set; }

    public string? JudgePromptVersion { get; set; }

    /// <summary>The sampling temperature of the evaluated model, when known.</summary>
    public double? Temperature { get; set; }

    /// <summary>When the responses were generated (the "run date" the leaderboard filters on).</summary>
    public DateOnly RunDate { get; set; }

    public string? Notes { get; set; }

    /// <summary>The uploaded file's name.</summary>
    public string? SourceFile { get; set; }

    public DateTimeOffset ImportedAt { get; set; } = DateTimeOffset.UtcNow;

    public string? ImportedById { get; set; }

    public ApplicationUser? ImportedBy { get; set; }

    /// <summary>True for the synthetic runs demo mode seeds; always shown as such.</summary>
    public bool IsSyntheticDemo { get; set; }

    public List<RunItem> Items { get; set; } = [];
}
