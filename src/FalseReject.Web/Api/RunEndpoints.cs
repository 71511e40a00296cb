using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using FalseReject.Web.Features.Datasets;
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
        HttpRequest request, RunImportService importer, IOptions<UploadOptions> uploads)
    {
        // The one upload limit (Uploads:MaxMegabytes), for the server and for the form reader.
        var limit = uploads.Value;
        var max = limit.MaxBytes;
        if (UploadLimit.Apply(request.HttpContext, limit))
        {
            return UploadLimit.TooLarge(limit);
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
            return UploadLimit.TooLarge(limit);
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
        var runDate = RunImportService.ReadRunDate(form["runDate"]);
        var temperature = RunImportService.ReadTemperature(form["temperature"]);
        if ((runDate.Error ?? temperature.Error) is { } unreadable)
        {
            return TypedResults.BadRequest(new ApiRunRejected("Nothing was imported.", [unreadable]));
        }

        var dataset = form["dataset"].ToString();
        var model = form["model"].ToString();
        await using var stream = file.OpenReadStream();
        var result = await importer.ImportAsync(stream, new RunImportRequest(dataset, model)
        {
            OpenWeights = FormFields.ParseFlag(form["openWeights"]) == true,
            Reasoning = FormFields.ParseFlag(form["reasoning"]) == true,
            JudgeModel = form["judge"],
            JudgePromptVersion = form["judgePromptVersion"],
            Temperature = temperature.Value,
            RunDate = runDate.Value,
            Provider = form["provider"],
            Notes = form["notes"],
            SourceFile = file.FileName,
        }, null, request.HttpContext.RequestAborted);
        return result.Succeeded
            ? TypedResults.Created($"/runs/{result.RunId}", new ApiRunImported(result.RunId!.Value, model.Trim(), dataset.Trim(), result.Items, result.Unjudged))
            : TypedResults.BadRequest(new ApiRunRejected("Nothing was imported.", result.Errors));
    }
}
