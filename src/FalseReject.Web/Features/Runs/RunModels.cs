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
