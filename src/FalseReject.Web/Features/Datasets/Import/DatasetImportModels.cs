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
/// <see cref="Source"/> defaults to <see cref="FileName"/>.
/// </summary>
public sealed record DatasetImportRequest(
    string DatasetName,
    string? Description = null,
    string? Source = null,
    ImportFormat Format = ImportFormat.Auto,
    string? FileName = null);

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
/// more there were. <see cref="DuplicateLines"/> lists the lines of skipped repeated prompts (the
/// first <see cref="DatasetImportService.MaxDuplicateLines"/>; <see cref="DuplicatesSkipped"/> counts them all).
/// </summary>
public sealed record DatasetImportResult(
    int DatasetId,
    string DatasetName,
    bool CreatedDataset,
    int Imported,
    int DuplicatesSkipped,
    IReadOnlyList<int> DuplicateLines,
    IReadOnlyList<ImportProblem> Problems,
    int MoreProblems)
{
    public bool Succeeded => Problems.Count == 0;
}
