namespace FalseReject.Web.Data.Entities;

/// <summary>A versioned judge prompt. A (name, version) is never edited once used: a change is a new version.</summary>
public class JudgeTemplate
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public int Version { get; set; }

    /// <summary>The template with <c>{prompt}</c> and <c>{response}</c>.</summary>
    public required string Text { get; set; }

    /// <summary>Lower-case hex SHA-256 of <see cref="Text"/> (UTF-8).</summary>
    public required string Sha256 { get; set; }

    public bool IsBuiltIn { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public string? CreatedById { get; set; }
}

/// <summary>Who produced a judgment.</summary>
public enum JudgeKind
{
    /// <summary>An LLM judge called with a <see cref="JudgeTemplate"/> on an endpoint.</summary>
    Llm,

    /// <summary>The rule-based refusal judge (XSTest string match): only Direct Refusal or Full Compliance.</summary>
    Rule,

    /// <summary>Settled human classes (the "classify responses" annotation task).</summary>
    Human,

    /// <summary>The labels or judge outputs that came with an imported run file.</summary>
    Imported,
}

/// <summary>
/// One judge's pass over one run: a run holds one or more. Everything needed to trace a verdict to
/// the judge that produced it is copied here (the template may be edited into new versions, the
/// endpoint renamed or removed).
/// </summary>
public class Judgment
{
    public int Id { get; set; }

    public int RunId { get; set; }

    public Run? Run { get; set; }

    public JudgeKind Kind { get; set; }

    /// <summary>What the UI calls it ("GPT-4o-mini, paper prompt v1", "XSTest string match v1").</summary>
    public required string Label { get; set; }

    public int? JudgeTemplateId { get; set; }

    public JudgeTemplate? JudgeTemplate { get; set; }

    /// <summary>The template's or the rule judge's name and version (e.g. <c>xstest-string-match</c> v1).</summary>
    public string? TemplateName { get; set; }

    public int? TemplateVersion { get; set; }

    public string? TemplateSha256 { get; set; }

    public string? EndpointName { get; set; }

    public string? JudgeModel { get; set; }

    public double? Temperature { get; set; }

    public int? MaxTokens { get; set; }

    /// <summary>Whether the judged text included the model's reasoning (default: the final answer only).</summary>
    public bool IncludesReasoning { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public string? CreatedById { get; set; }

    public List<Verdict> Verdicts { get; set; } = [];
}

/// <summary>One judgment's verdict on one run item. Class null: unjudged (unparsed output, judge error), kept and counted.</summary>
public class Verdict
{
    public long Id { get; set; }

    public int JudgmentId { get; set; }

    public Judgment? Judgment { get; set; }

    public long RunItemId { get; set; }

    public RunItem? RunItem { get; set; }

    public ResponseClass? Class { get; set; }

    /// <summary>The judge's raw output, verbatim.</summary>
    public string? RawOutput { get; set; }

    /// <summary>Why there is no output (the endpoint's error), when the call failed.</summary>
    public string? Error { get; set; }

    /// <summary>SHA-256 of the exact text sent to the judge (the filled template).</summary>
    public string? InputSha256 { get; set; }

    /// <summary>The judge call's effective request body, for LLM judges.</summary>
    public string? RequestBody { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
