namespace FalseReject.Web.Features.Datasets.Import;

/// <summary>The file format of an import. <see cref="Auto"/> goes by the file name: <c>.csv</c> is CSV, anything else JSONL.</summary>
public enum ImportFormat
{
    Auto,
    Jsonl,
    Csv,
}

/// <summary>
/// What to import into: a new dataset with this name, or the existing one of that name (the rows
/// are appended). <see cref="Description"/> and <see cref="Source"/> apply only to a new dataset;
/// <see cref="Source"/> defaults to <see cref="FileName"/>. <see cref="IgnoreCase"/> makes duplicate
/// detection ignore letter case too (it always ignores what <see cref="PromptKey"/> removes).
/// </summary>
public sealed record DatasetImportRequest(
    string DatasetName,
    string? Description = null,
    string? Source = null,
    ImportFormat Format = ImportFormat.Auto,
    string? FileName = null,
    bool IgnoreCase = false);

/// <summary>
/// One problem with the input. <see cref="Line"/> is the 1-based line of the file (for CSV, the
/// line where the record starts); 0 when the problem is about the request or the file as a whole
/// (an empty file, a missing dataset name). <see cref="Field"/> names the JSON field or CSV column.
/// </summary>
public sealed record ImportProblem(int Line, string? Field, string Message)
{
    public override string ToString() =>
        (Line > 0 ? $"line {Line}" : "file") + (Field is null ? "" : $", {Field}") + $": {Message}";
}

/// <summary>
/// The outcome of an import. When <see cref="Succeeded"/> is false nothing was written (not even
/// a new dataset, whose <see cref="DatasetId"/> is then 0), and <see cref="Problems"/> holds the
/// first <see cref="DatasetImportService.MaxProblems"/> problems, <see cref="MoreProblems"/> how many
/// more there were. <see cref="Duplicates"/> lists the skipped repeated prompts, each with the
/// line or query it repeats (the first <see cref="DatasetImportService.MaxDuplicateLines"/>;
/// <see cref="DuplicatesSkipped"/> counts them all).
/// </summary>
public sealed record DatasetImportResult(
    int DatasetId,
    string DatasetName,
    bool CreatedDataset,
    int Imported,
    int DuplicatesSkipped,
    IReadOnlyList<SkippedDuplicate> Duplicates,
    IReadOnlyList<ImportProblem> Problems,
    int MoreProblems)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// A row skipped because its prompt is, once normalised (<see cref="PromptKey"/>), the prompt of
/// an earlier row: <see cref="OfLine"/> of the same file, or the query <see cref="OfQueryId"/>
/// (<c>#</c><see cref="OfQueryOrdinal"/> in dataset order) that the dataset already had.
/// </summary>
public sealed record SkippedDuplicate(int Line, int? OfLine, int? OfQueryId, int? OfQueryOrdinal)
{
    public static SkippedDuplicate OfFileLine(int line, int ofLine) => new(line, ofLine, null, null);

    public static SkippedDuplicate OfExistingQuery(int line, int queryId, int queryOrdinal) => new(line, null, queryId, queryOrdinal);

    /// <summary>"line 3 repeats line 1", or "line 3 repeats query #7 already in the dataset".</summary>
    public override string ToString() =>
        OfLine is { } of ? $"line {Line} repeats line {of}" : $"line {Line} repeats query #{OfQueryOrdinal} already in the dataset";
}
