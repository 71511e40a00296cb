using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Features.Runs;

/// <summary>What to import a run file as.</summary>
public sealed record RunImportRequest(string DatasetName, string ModelName)
{
    public string? Provider { get; init; }

    public bool OpenWeights { get; init; }

    public bool Reasoning { get; init; }

    public double? ParametersBillions { get; init; }

    public DateOnly? ReleaseDate { get; init; }

    public string? JudgeModel { get; init; }

    public string? JudgePromptVersion { get; init; }

    public double? Temperature { get; init; }

    /// <summary>When the responses were generated; today (UTC) when absent.</summary>
    public DateOnly? RunDate { get; init; }

    public string? Notes { get; init; }

    public string? SourceFile { get; init; }

    public bool IsSyntheticDemo { get; init; }
}

/// <summary>A problem with the input: the 1-based line (0 when not about a line), the field, and what is wrong.</summary>
public sealed record RunImportError(int Line, string? Field, string Message)
{
    public override string ToString() =>
        Line > 0 ? $"line {Line}{(Field is null ? "" : $", {Field}")}: {Message}" : Message;
}

/// <summary>The outcome of an import: the new run's id and counts, or the errors (and nothing written).</summary>
public sealed record RunImportResult(int? RunId, IReadOnlyList<RunImportError> Errors, int Items, int Unjudged, int ModelId = 0)
{
    public bool Succeeded => RunId is not null;

    public static RunImportResult Failed(params RunImportError[] errors) => new(null, errors, 0, 0);
}

/// <summary>One parsed line of a run file.</summary>
public sealed record RunFileLine(int Line, string Prompt, string Response, string? Reasoning, string? JudgeOutput, ResponseClass? Class);

/// <summary>A run stored in the app, as lists show it.</summary>
public sealed record RunSummary(
    int Id,
    string Model,
    bool OpenWeights,
    bool Reasoning,
    string Dataset,
    int DatasetId,
    string? JudgeModel,
    DateOnly RunDate,
    int Items,
    int Unjudged,
    bool IsSyntheticDemo,
    DateTimeOffset ImportedAt);

/// <summary>The run detail page's header: the run, its model and its metrics with the per-category breakdown.</summary>
public sealed record RunDetail(
    RunSummary Run,
    string? Provider,
    string? JudgePromptVersion,
    double? Temperature,
    string? Notes,
    string? SourceFile,
    Statistics.ResponseMetrics Metrics,
    IReadOnlyList<Leaderboard.CategoryBreakdown> Categories,
    JudgeHumanAgreement Agreement);

/// <summary>Cohen's κ between the judge's and the human verdicts, over items that have both.</summary>
public sealed record JudgeHumanAgreement(int Overridden, int Pairs, Statistics.KappaResult? Kappa);

/// <summary>Which run items to list.</summary>
public sealed record RunItemQuery
{
    /// <summary>The class to show; <see cref="Unjudged"/> for unjudged items; null for all.</summary>
    public ResponseClass? Class { get; init; }

    public bool Unjudged { get; init; }

    public int? CategoryId { get; init; }

    /// <summary>Text to find in the prompt or the response (case-insensitive for ASCII).</summary>
    public string? Search { get; init; }

    public int Page { get; init; }

    public int PageSize { get; init; } = 25;
}

public sealed record RunItemRow(
    long Id,
    int Line,
    int QueryId,
    int CategoryId,
    string Category,
    string Prompt,
    string Response,
    string? Reasoning,
    string? JudgeOutput,
    ResponseClass? JudgeClass,
    ResponseClass? HumanClass,
    ResponseClass? Class,
    IReadOnlyList<OverrideRecord> History);

public sealed record OverrideRecord(ResponseClass? PreviousClass, ResponseClass NewClass, string Reason, string By, DateTimeOffset At);

public sealed record RunItemPage(IReadOnlyList<RunItemRow> Items, int Total);

/// <summary>The two runs' verdicts on one prompt.</summary>
public sealed record ComparePair(int QueryId, string Prompt, int CategoryId, string Category, ResponseClass? A, ResponseClass? B)
{
    /// <summary>Refused (Direct Refusal) by one run and answered (Full or Safe Partial Compliance) by the other.</summary>
    public bool IsFlip => A is { } a && B is { } b && (a == ResponseClass.DirectRefusal) != (b == ResponseClass.DirectRefusal);
}

/// <summary>
/// Two runs on the same dataset, paired by prompt. McNemar's test runs on refusal over the pairs
/// both runs judged: B = refused by A only, C = refused by B only.
/// </summary>
public sealed record RunComparison(
    RunSummary A,
    RunSummary B,
    IReadOnlyList<ComparePair> Pairs,
    int BothJudged,
    int RefusedByAOnly,
    int RefusedByBOnly,
    Statistics.McNemarResult McNemar);
