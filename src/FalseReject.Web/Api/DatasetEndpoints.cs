using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using FalseReject.Web.Features.Datasets;
using FalseReject.Web.Features.Datasets.Export;
using FalseReject.Web.Features.Datasets.Import;
using FalseReject.Web.Security;

namespace FalseReject.Web.Api;

/// <summary>A dataset as the API lists it.</summary>
public sealed record ApiDataset(string Name, string? Description, string? Source, DateTimeOffset CreatedAt, int QueryCount, int WithResponses)
{
    public static ApiDataset From(DatasetSummary d) => new(d.Name, d.Description, d.Source, d.CreatedAt, d.QueryCount, d.WithResponsesCount);
}

/// <summary>
/// What <c>POST /api/datasets</c> reports when the file was imported. <see cref="Duplicates"/> says
/// what each skipped row repeats (a line of the file, or a query the dataset had);
/// <see cref="DuplicateLines"/> is the same list's lines, as earlier versions answered.
/// </summary>
public sealed record ApiImportSummary(
    string DatasetName,
    bool CreatedDataset,
    int Imported,
    bool IgnoreCase,
    int DuplicatesSkipped,
    IReadOnlyList<int> DuplicateLines,
    IReadOnlyList<ApiSkippedDuplicate> Duplicates)
{
    public static ApiImportSummary From(DatasetImportResult r, bool ignoreCase) =>
        new(r.DatasetName, r.CreatedDataset, r.Imported, ignoreCase, r.DuplicatesSkipped,
            [.. r.Duplicates.Select(d => d.Line)], [.. r.Duplicates.Select(ApiSkippedDuplicate.From)]);
}

/// <summary>A skipped row: its line, and the earlier line of the file (ofLine) or the query already in the dataset (ofQueryId, ofQueryOrdinal) it repeats.</summary>
public sealed record ApiSkippedDuplicate(int Line, int? OfLine, int? OfQueryId, int? OfQueryOrdinal)
{
    public static ApiSkippedDuplicate From(SkippedDuplicate d) => new(d.Line, d.OfLine, d.OfQueryId, d.OfQueryOrdinal);
}

/// <summary>The multipart form of <c>POST /api/datasets</c> (for the OpenAPI document; the handler reads the stream itself).</summary>
public sealed class DatasetUploadForm
{
    /// <summary>The JSONL (Hugging Face FalseReject schema) or CSV file.</summary>
    public required IFormFile File { get; init; }

    /// <summary>The dataset to create, or to append to when it exists.</summary>
    public required string Name { get; init; }

    /// <summary>A description for a new dataset.</summary>
    public string? Description { get; init; }

    /// <summary>true to treat prompts that differ only in letter case as duplicates (default false).</summary>
    public bool? IgnoreCase { get; init; }
}

public static class DatasetEndpoints
{
    private const int MaxFieldChars = 8000;

    /// <summary>The form's fields other than the file, each read once.</summary>
    private static readonly string[] TextFields = ["name", "description", "ignoreCase"];

    public static RouteGroupBuilder MapDatasetEndpoints(this RouteGroupBuilder api)
    {
        var datasets = api.MapGroup("/datasets").WithTags("Datasets").RequireAuthorization(Policies.Research);

        datasets.MapGet("", ListAsync)
            .WithName("ListDatasets")
            .WithSummary("Lists the datasets with their row counts.");

        datasets.MapGet("/{name}", GetAsync)
            .WithName("GetDataset")
            .WithSummary("One dataset, by name.");

        datasets.MapPost("", ImportAsync)
            .WithName("ImportDataset")
            .WithSummary("Imports a JSONL or CSV file into a new dataset (or appends it to the existing one of that name).")
            .WithDescription("multipart/form-data with the fields name, description (optional), ignoreCase (optional: true or false) and file. All or nothing: on any problem " +
                "nothing is written and the answer lists the first problems with their line, field and message. A prompt that repeats an earlier line " +
                "or a prompt already in the dataset is skipped and reported in duplicates (line, and ofLine or ofQueryId and ofQueryOrdinal); prompts are " +
                "compared after Unicode NFC, with white space runs made one space and trimmed and zero-width characters removed, and also ignoring case when " +
                "ignoreCase is true (the answer's ignoreCase says which applied). Send name, description and ignoreCase " +
                "before the file and the upload is imported as it arrives (fields sent after the file are then ignored); otherwise it is spooled to a temporary file first. " +
                "Each field once: a field sent twice is refused with 400. " +
                "Uploads over Uploads:MaxMegabytes are refused with 413.")
            .Accepts<DatasetUploadForm>("multipart/form-data")
            .Produces<ApiImportSummary>(StatusCodes.Status201Created)
            .Produces<ApiImportSummary>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        datasets.MapGet("/{name}/export", ExportAsync)
            .WithName("ExportDataset")
            .WithSummary("Exports a dataset with its gold labels, streamed as JSONL or CSV.")
            .WithDescription("format: jsonl (default) or csv. kind: full (default) — every query with prompt, category, category_text, " +
                "its structured responses, status, gold_label, provenance (settlement_kind, settled_at, settled_by, adjudication note), " +
                "vote counts (votes_safe, votes_unsafe, votes_unsure, votes_total), agreement (share of agreeing annotator pairs) and the " +
                "response-review gold rubric (the vote counts and agreement of open items are null when the caller may annotate the dataset); or verified-benign — only queries settled with gold label Safe, with exactly the fields " +
                "prompt, category, category_text (the FalseReject-Test schema). CSV cells that start like a spreadsheet formula (=, +, -, @, tab, CR) " +
                "get a single quote in front (OWASP); raw=true writes them exactly as stored (for a file that must re-import to the same prompts). 404 for an unknown dataset, 400 for an unknown format or kind.")
            .Produces(StatusCodes.Status200OK, typeof(string), "application/x-ndjson", "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Ok<ApiDataset[]>> ListAsync(HttpContext http, DatasetService datasets) =>
        TypedResults.Ok((await datasets.ListAsync(http.RequestAborted)).Select(ApiDataset.From).ToArray());

    private static async Task<Results<Ok<ApiDataset>, ProblemHttpResult>> GetAsync(string name, HttpContext http, DatasetService datasets) =>
        await datasets.GetByNameAsync(name, http.RequestAborted) is { } dataset
            ? TypedResults.Ok(ApiDataset.From(dataset))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"There is no dataset named '{name}'.");

    private static async Task<IResult> ExportAsync(string name, string? format, string? kind, bool? raw, HttpContext http, DatasetExportService exports)
    {
        if (ExportNames.ParseFormat(format) is not { } f)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad export format", detail: ExportNames.BadFormatMessage(format));
        }
        if (ExportNames.ParseKind(kind) is not { } k)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad export kind", detail: ExportNames.BadKindMessage(kind));
        }
        if (await exports.FindAsync(name, http.RequestAborted) is not { } dataset)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"There is no dataset named '{name}'.");
        }
        return TypedResults.Stream(body => exports.WriteAsync(dataset, k, f, body, csvRaw: raw ?? false, http.RequestAborted), f.ContentType(), dataset.FileName(k, f));
    }

    /// <summary>
    /// Reads the multipart body section by section (no form buffering): the file goes straight into
    /// the importer when the name came first, else through a temporary file that is deleted on close.
    /// </summary>
    private static async Task<IResult> ImportAsync(HttpContext http, DatasetImportService importer, IOptions<UploadOptions> uploads)
    {
        var ct = http.RequestAborted;
        // The one upload limit (Uploads:MaxMegabytes), for the server and for the form reader.
        var limit = uploads.Value;
        var max = limit.MaxBytes;
        if (UploadLimit.Apply(http, limit))
        {
            return UploadLimit.TooLarge(limit);
        }
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var mediaType)
            || !string.Equals(mediaType.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return BadRequest(new ImportProblem(0, null, "Send multipart/form-data with the fields name, description (optional), ignoreCase (optional) and file."));
        }

        string? name = null, description = null, fileName = null;
        var ignoreCase = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        DatasetImportResult? result = null;
        FileStream? spooled = null;
        try
        {
            var reader = new MultipartReader(boundary, http.Request.Body);
            for (var section = await reader.ReadNextSectionAsync(ct); section is not null; section = await reader.ReadNextSectionAsync(ct))
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                var field = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (string.Equals(field, "file", StringComparison.OrdinalIgnoreCase))
                {
                    if (result is not null || spooled is not null)
                    {
                        return BadRequest(new ImportProblem(0, "file", "Send one file per request."));
                    }
                    fileName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value;
                    if (!string.IsNullOrWhiteSpace(name))
                    {
                        result = await importer.ImportAsync(section.Body, new DatasetImportRequest(name, description, FileName: fileName, IgnoreCase: ignoreCase), cancellationToken: ct);
                    }
                    else
                    {
                        spooled = new FileStream(Path.Combine(Path.GetTempPath(), $"falsereject-upload-{Guid.NewGuid():N}.tmp"),
                            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                        await section.Body.CopyToAsync(spooled, ct);
                    }
                }
                else if (Array.Find(TextFields, f => string.Equals(f, field, StringComparison.OrdinalIgnoreCase)) is { } key)
                {
                    // Once each. A field after a streamed file changes nothing (the file is imported), so it is not read.
                    if (result is not null)
                    {
                        continue;
                    }
                    if (!seen.Add(key))
                    {
                        return BadRequest(new ImportProblem(0, key, FormFields.SentTwiceMessage(key)));
                    }
                    var value = await ReadFieldAsync(section, ct);
                    switch (key)
                    {
                        case "name":
                            name = value;
                            break;
                        case "description":
                            description = value;
                            break;
                        default:
                            if (FormFields.ParseFlag(value) is not { } flag)
                            {
                                return BadRequest(new ImportProblem(0, key, "The field must be true or false."));
                            }
                            ignoreCase = flag;
                            break;
                    }
                }
            }

            if (result is null && spooled is null)
            {
                return BadRequest(new ImportProblem(0, "file", "The form has no file field."));
            }
            if (string.IsNullOrWhiteSpace(name))
            {
                return BadRequest(new ImportProblem(0, "name", "The form has no dataset name (the name field)."));
            }
            if (spooled is not null)
            {
                spooled.Position = 0;
                result = await importer.ImportAsync(spooled, new DatasetImportRequest(name, description, FileName: fileName, IgnoreCase: ignoreCase), cancellationToken: ct);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return UploadLimit.TooLarge(limit);
        }
        catch (FieldTooLongException ex)
        {
            return BadRequest(new ImportProblem(0, ex.Field, $"The field is longer than {MaxFieldChars} characters."));
        }
        catch (InvalidDataException ex)
        {
            return BadRequest(new ImportProblem(0, null, $"The multipart body is malformed: {ex.Message}"));
        }
        catch (IOException ex) when (!ct.IsCancellationRequested)
        {
            // A body that ends before its closing boundary (an empty or cut-off form).
            return BadRequest(new ImportProblem(0, null, $"The multipart body is malformed: {ex.Message}"));
        }
        finally
        {
            if (spooled is not null)
            {
                await spooled.DisposeAsync();
            }
        }

        if (!result!.Succeeded)
        {
            return BadRequest(result.Problems, result.MoreProblems);
        }
        var summary = ApiImportSummary.From(result, ignoreCase);
        return result.CreatedDataset
            ? TypedResults.Created($"/api/datasets/{Uri.EscapeDataString(result.DatasetName)}", summary)
            : TypedResults.Ok(summary);
    }

    private static async Task<string> ReadFieldAsync(MultipartSection section, CancellationToken ct)
    {
        using var reader = new StreamReader(section.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
        var buffer = new char[MaxFieldChars + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await reader.ReadAsync(buffer.AsMemory(read), ct)) > 0)
        {
            read += n;
        }
        if (read > MaxFieldChars)
        {
            throw new FieldTooLongException(HeaderUtilities.RemoveQuotes(ContentDispositionHeaderValue.Parse(section.ContentDisposition).Name).Value);
        }
        return new string(buffer, 0, read);
    }

    private static ProblemHttpResult BadRequest(ImportProblem problem) => BadRequest([problem], 0);

    private static ProblemHttpResult BadRequest(IReadOnlyList<ImportProblem> problems, int moreProblems) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "The file was not imported",
            detail: $"{problems.Count + moreProblems} problem(s); nothing was written. First: {problems[0]}",
            extensions: new Dictionary<string, object?>
            {
                ["problems"] = problems.Select(p => new { line = p.Line, field = p.Field, message = p.Message }).ToArray(),
                ["moreProblems"] = moreProblems,
            });

    private sealed class FieldTooLongException(string? field) : Exception($"The form field {field} is too long.")
    {
        public string? Field { get; } = field;
    }
}
