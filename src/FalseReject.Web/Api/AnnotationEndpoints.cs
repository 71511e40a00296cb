using Microsoft.AspNetCore.Http.HttpResults;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;
using FalseReject.Web.Security;

namespace FalseReject.Web.Api;

/// <summary>A dataset the caller may annotate, as the API lists it.</summary>
public sealed record ApiAnnotatableDataset(int Id, string Name, string? Description, int Queries, int QueriesWithResponses);

/// <summary>
/// One item as the annotator sees it: the query, its category, the responses when the dataset shows
/// them, and the caller's own vote. Never another person's vote, a vote count, or a gold label.
/// </summary>
public sealed record ApiAnnotationItem(
    long ItemId,
    int DatasetId,
    string Task,
    string Prompt,
    int CategoryId,
    string CategoryName,
    ResponsesView? Responses,
    ApiMyVote? MyVote,
    bool Editable);

public sealed record ApiMyVote(string? Label, ResponseRubric? Rubric, bool Unsure, string? Comment, int? GuidelineVersion, DateTimeOffset UpdatedAt);

/// <summary>The body of <c>POST /api/annotation/items/{itemId}/vote</c>.</summary>
/// <param name="Label">Safe or Unsafe (query labeling).</param>
/// <param name="Rubric">The response-review answers (response review).</param>
/// <param name="ActiveMilliseconds">Time the annotator actively spent on the item.</param>
public sealed record ApiVoteRequest(string? Label, ResponseRubric? Rubric, bool Unsure, string? Comment, long ActiveMilliseconds);

/// <summary>What an accepted vote reports: Created (a new vote) or Updated (the caller's vote changed).</summary>
public sealed record ApiVoteResult(long ItemId, string Status);

/// <summary>One of the caller's votes; the gold answer only once the item is settled.</summary>
public sealed record ApiHistoryEntry(
    long ItemId,
    int DatasetId,
    string DatasetName,
    string Task,
    string Prompt,
    string CategoryName,
    string? MyLabel,
    ResponseRubric? MyRubric,
    bool Unsure,
    string? Comment,
    DateTimeOffset UpdatedAt,
    bool Settled,
    string? GoldLabel,
    ResponseRubric? GoldRubric);

/// <summary>
/// The annotator's API (Annotate policy, API tokens): the datasets open to the caller, the next
/// item of a queue, votes, skips and the caller's history. Every call goes through
/// <see cref="AnnotationService"/>, which re-checks the caller and is blind by construction.
/// </summary>
public static class AnnotationEndpoints
{
    public static RouteGroupBuilder MapAnnotationEndpoints(this RouteGroupBuilder api)
    {
        var annotation = api.MapGroup("/annotation")
            .WithTags("Annotation")
            .RequireAuthorization(Policies.Annotate)
            .AddEndpointFilter(RefusalAsForbiddenAsync);

        annotation.MapGet("/datasets", ListDatasetsAsync)
            .WithName("ListAnnotatableDatasets")
            .WithSummary("The datasets the caller may annotate.");

        annotation.MapPost("/datasets/{datasetId:int}/next", NextAsync)
            .WithName("NextAnnotationItem")
            .WithSummary("Reserves and returns the caller's next item of a queue (task=QueryLabel or ResponseReview, optional category id); 204 when none is left for the caller.")
            .Produces<ApiAnnotationItem>()
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        annotation.MapPost("/items/{itemId:long}/vote", VoteAsync)
            .WithName("VoteOnAnnotationItem")
            .WithSummary("Creates or changes the caller's vote on an item; 400 with the reason when it is refused.")
            .Produces<ApiVoteResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        annotation.MapPost("/items/{itemId:long}/skip", SkipAsync)
            .WithName("SkipAnnotationItem")
            .WithSummary("Gives the item back to the queue (ends the caller's reservation).");

        annotation.MapGet("/history", HistoryAsync)
            .WithName("AnnotationHistory")
            .WithSummary("The caller's votes, newest first (optionally of one dataset); gold answers only for settled items.");
        return api;
    }

    /// <summary>A refusal by the service (<see cref="UnauthorizedAccessException"/>, e.g. a dataset's allow-list) is a 403.</summary>
    private static async ValueTask<object?> RefusalAsForbiddenAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (UnauthorizedAccessException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: ex.Message);
        }
    }

    private static async Task<Ok<ApiAnnotatableDataset[]>> ListDatasetsAsync(AnnotationService annotation, CancellationToken ct) =>
        TypedResults.Ok((await annotation.ListDatasetsAsync(ct))
            .Select(d => new ApiAnnotatableDataset(d.Id, d.Name, d.Description, d.Queries, d.QueriesWithResponses)).ToArray());

    private static async Task<IResult> NextAsync(int datasetId, string? task, int? category, AnnotationService annotation, CancellationToken ct)
    {
        if (!TryParseName<AnnotationTaskType>(task, out var taskType))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad task",
                detail: $"task: use {AnnotationTaskType.QueryLabel} or {AnnotationTaskType.ResponseReview} (got '{task}').");
        }
        try
        {
            var view = await annotation.NextAsync(datasetId, taskType, category, null, ct);
            return view is null ? TypedResults.NoContent() : TypedResults.Ok(ToApi(view));
        }
        catch (KeyNotFoundException)
        {
            return NoDataset(datasetId);
        }
    }

    private static async Task<Results<Ok<ApiVoteResult>, ProblemHttpResult>> VoteAsync(long itemId, ApiVoteRequest? vote, AnnotationService annotation, CancellationToken ct)
    {
        if (vote is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The vote was refused", detail: "Send a JSON body: { \"label\": \"Safe\" | \"Unsafe\", ... }.");
        }
        QueryLabel? label = null;
        if (!string.IsNullOrWhiteSpace(vote.Label))
        {
            if (!TryParseName<QueryLabel>(vote.Label, out var parsed))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The vote was refused",
                    detail: $"Label: use {QueryLabel.Safe} or {QueryLabel.Unsafe} (got '{vote.Label}').");
            }
            label = parsed;
        }
        var result = await annotation.SubmitAsync(itemId, new VoteInput(label, vote.Rubric, vote.Unsure, vote.Comment, vote.ActiveMilliseconds), ct);
        return result.Succeeded
            ? TypedResults.Ok(new ApiVoteResult(itemId, result.Status.ToString()))
            : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The vote was refused", detail: result.Error);
    }

    /// <summary>
    /// One of the enum's names, in any case. Not <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/>,
    /// which also takes numbers ("1" is Unsafe) and comma-joined names ("Safe, Unsafe" is Unsafe too).
    /// </summary>
    private static bool TryParseName<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(candidate.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    private static async Task<NoContent> SkipAsync(long itemId, AnnotationService annotation, CancellationToken ct)
    {
        await annotation.SkipAsync(itemId, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ApiHistoryEntry[]>> HistoryAsync(int? dataset, AnnotationService annotation, CancellationToken ct) =>
        TypedResults.Ok((await annotation.GetMyHistoryAsync(dataset, ct)).Select(h => new ApiHistoryEntry(
            h.ItemId, h.DatasetId, h.DatasetName, h.Task.ToString(), h.Prompt, h.CategoryName, h.MyLabel?.ToString(), h.MyRubric,
            h.Unsure, h.Comment, h.UpdatedAt, h.Settled,
            h.Settled ? h.GoldLabel?.ToString() : null,
            h.Settled ? h.GoldRubric : null)).ToArray());

    private static ApiAnnotationItem ToApi(AnnotationTaskView view) => new(
        view.ItemId, view.DatasetId, view.Task.ToString(), view.Prompt, view.CategoryId, view.CategoryName, view.Responses,
        view.MyVote is { } m ? new ApiMyVote(m.Label?.ToString(), m.Rubric, m.Unsure, m.Comment, m.GuidelineVersion, m.UpdatedAt) : null,
        view.Editable);

    private static ProblemHttpResult NoDataset(int datasetId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"There is no dataset with id {datasetId}.");
}
