namespace FalseReject.Web.Features.Leaderboard;

/// <summary>A result the FalseReject paper reports for FalseReject-Test: no per-item data, never recomputed.</summary>
public sealed record ReportedResult(string Model, bool OpenWeights, bool Reasoning, double ComplianceRate, double Usr);

/// <summary>
/// The 29 models evaluated in the FalseReject paper (Zhang et al., arXiv 2505.08054, COLM 2025), with
/// the Compliance Rate and USR read from its figure (two decimals; DeepSeek-R1 four, as printed).
/// </summary>
public static class ReportedResults
{
    public const string Source = "FalseReject paper (Zhang et al., arXiv 2505.08054), values read from its figure";

    public static IReadOnlyList<ReportedResult> All { get; } =
    [
        new("GPT-4o", false, false, 0.72, 0.85),
        new("GPT-4.5", false, false, 0.45, 0.52),
        new("o1", false, true, 0.49, 0.55),
        new("Claude-3.7-Sonnet", false, false, 0.52, 0.96),
        new("Claude-3.5-Sonnet", false, false, 0.40, 0.70),
        new("Claude-3.5-Haiku", false, false, 0.15, 0.51),
        new("Claude-3-Opus", false, false, 0.20, 0.57),
        new("Gemini-2.0-Pro", false, false, 0.58, 0.72),
        new("Gemini-2.5-Pro", false, false, 0.69, 0.91),
        new("Gemma-3-1B", true, false, 0.33, 0.98),
        new("Gemma-3-4B", true, false, 0.83, 0.99),
        new("Gemma-3-27B", true, false, 0.87, 0.97),
        new("Phi-4", true, false, 0.48, 0.90),
        new("Phi-4-mini", true, false, 0.58, 0.78),
        new("QwQ", true, true, 0.27, 0.42),
        new("Qwen-2.5-0.5B", true, false, 0.67, 0.79),
        new("Qwen-2.5-1.5B", true, false, 0.52, 0.68),
        new("Qwen-2.5-7B", true, false, 0.76, 0.98),
        new("Qwen-2.5-14B", true, false, 0.78, 0.97),
        new("Qwen-2.5-32B", true, false, 0.79, 0.97),
        new("Llama-3.2-1B", true, false, 0.78, 0.86),
        new("Llama-3.2-3B", true, false, 0.72, 0.79),
        new("Llama-3.1-8B", true, false, 0.52, 0.54),
        new("Llama-3.3-70B", true, false, 0.66, 0.88),
        new("Llama-3.1-405B", true, false, 0.56, 0.74),
        new("DeepSeek-R1", true, true, 0.8753, 0.9966),
        new("DeepSeek-V3", true, false, 0.80, 0.94),
        new("Mistral-7B", true, false, 0.82, 0.99),
        new("Command-R-Plus", true, false, 0.79, 0.94),
    ];
}
