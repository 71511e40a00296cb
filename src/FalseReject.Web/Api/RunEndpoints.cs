using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using FalseReject.Web.Features.Leaderboard;
using FalseReject.Web.Features.Runs;
using FalseReject.Web.Security;

namespace FalseReject.Web.Api;

/// <summary>What <c>POST /api/runs</c> reports when the run was imported.</summary>
public sealed record ApiRunImported(int RunId, string Model, string Dataset, int Items, int Unjudged);

/// <summary>What <c>POST /api/runs</c> reports when nothing was imported: every problem with its line and field.</summary>
public sealed record ApiRunRejected(string Title, IReadOnlyList<RunImportError> Errors);

/// <summary>The multipart form of <c>POST /api/runs</c> (for the OpenAPI document).</summary>
public sealed class RunUploadForm
{
    /// <summary>The run file (JSONL: prompt, response, optional reasoning, label, judge_output).</summary>
    public required IFormFile File { get; init; }

    public required string Dataset { get; init; }

    public required string Model { get; init; }

    public bool OpenWeights { get; init; }

    public bool Reasoning { get; init; }

    public string? Judge { get; init; }

    public string? JudgePromptVersion { get; init; }

    public double? Temperature { get; init; }

    /// <summary>yyyy-MM-dd; today when absent.</summary>
    public string? RunDate { get; init; }

    public string? Provider { get; init; }

    public string? Notes { get; init; }
}

public static class RunEndpoints
{
    public static RouteGroupBuilder MapRunEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/runs", ImportAsync)
            .WithTags("Runs")
            .RequireAuthorization(Policies.Research)
            .WithName("ImportRun")
            .WithSummary("Imports a run file (one model's judged responses) into a dataset, all or nothing.")
            .Accepts<RunUploadForm>("multipart/form-data")
            .Produces<ApiRunImported>(StatusCodes.Status201Created)
            .Produces<ApiRunRejected>(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        api.MapGet("/leaderboard", LeaderboardEndpoints.GetLeaderboardAsync)
            .WithTags("Runs")
            .RequireAuthorization(Policies.Research)
            .WithName("GetLeaderboard")
            .WithSummary("The leaderboard of one dataset: one object per entry (runs and, on FalseReject-Test, the paper's reported results), rank by Compliance Rate.")
            .Produces<LeaderboardApiEntry[]>();
        return api;
    }

    private static async Task<Results<Created<ApiRunImported>, BadRequest<ApiRunRejected>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, RunImportService importer, IOptions<ApiOptions> options)
    {
        // The same upload limit as datasets (Api:MaxUploadMegabytes), for the server and for the form reader.
        var max = options.Value.MaxUploadBytes;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max;
        }
        if (request.ContentLength > max)
        {
            return TooLarge(max);
        }
        if (!request.HasFormContentType)
        {
            return TypedResults.BadRequest(new ApiRunRejected("Send multipart/form-data.", [new RunImportError(0, null, "The request is not a multipart form.")]));
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = max }, request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(max);
        }
        catch (InvalidDataException ex)
        {
            return TypedResults.BadRequest(new ApiRunRejected("Malformed form.", [new RunImportError(0, null, $"The multipart body is malformed or too large: {ex.Message}")]));
        }
        if (FormFields.FirstRepeated(form) is { } repeated)
        {
            return TypedResults.BadRequest(new ApiRunRejected("A form field was sent twice.", [new RunImportError(0, repeated, FormFields.SentTwiceMessage(repeated))]));
        }
        var file = form.Files.GetFile("file");
        if (file is null)
        {
            return TypedResults.BadRequest(new ApiRunRejected("No file.", [new RunImportError(0, "file", "The form has no field 'file'.")]));
        }
        await using (var check = file.OpenReadStream())
        {
            if (await Utf8FileCheck.FindProblemAsync(check, request.HttpContext.RequestAborted) is { } notUtf8)
            {
                return TypedResults.BadRequest(new ApiRunRejected("Nothing was imported.", [new RunImportError(notUtf8.Line, null, notUtf8.Message)]));
            }
        }
        DateOnly? runDate = null;
        if (!string.IsNullOrWhiteSpace(form["runDate"]))
        {
            if (!DateOnly.TryParseExact(form["runDate"].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return TypedResults.BadRequest(new ApiRunRejected("Bad run date.", [new RunImportError(0, "runDate", "Use the form yyyy-MM-dd.")]));
            }
            runDate = parsed;
        }
        double? temperature = null;
        if (!string.IsNullOrWhiteSpace(form["temperature"]))
        {
            if (!double.TryParse(form["temperature"].ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var t))
            {
                return TypedResults.BadRequest(new ApiRunRejected("Bad temperature.", [new RunImportError(0, "temperature", "Not a number.")]));
            }
            temperature = t;
        }

        var dataset = form["dataset"].ToString();
        var model = form["model"].ToString();
        await using var stream = file.OpenReadStream();
        var result = await importer.ImportAsync(stream, new RunImportRequest(dataset, model)
        {
            OpenWeights = IsTrue(form["openWeights"]),
            Reasoning = IsTrue(form["reasoning"]),
            JudgeModel = form["judge"],
            JudgePromptVersion = form["judgePromptVersion"],
            Temperature = temperature,
            RunDate = runDate,
            Provider = form["provider"],
            Notes = form["notes"],
            SourceFile = file.FileName,
        }, null, request.HttpContext.RequestAborted);
        return result.Succeeded
            ? TypedResults.Created($"/runs/{result.RunId}", new ApiRunImported(result.RunId!.Value, model.Trim(), dataset.Trim(), result.Items, result.Unjudged))
            : TypedResults.BadRequest(new ApiRunRejected("Nothing was imported.", result.Errors));
    }

    private static ProblemHttpResult TooLarge(long max) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "The upload is too large",
            detail: $"Uploads are limited to {max / (1024 * 1024)} MB (the Api:MaxUploadMegabytes setting).");

    private static bool IsTrue(string? value) =>
        value is not null && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1" || value.Equals("on", StringComparison.OrdinalIgnoreCase));
}
