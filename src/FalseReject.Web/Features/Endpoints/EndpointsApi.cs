using Microsoft.AspNetCore.Http.HttpResults;
using FalseReject.Web.Security;

namespace FalseReject.Web.Features.Endpoints;

/// <summary><c>/api/endpoints</c>: CRUD and test, Admin only. No answer ever carries the key.</summary>
public static class EndpointsApi
{
    public static RouteGroupBuilder MapEndpointsEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/endpoints")
            .WithTags("Endpoints")
            .RequireAuthorization(Policies.Administer)
            .AddEndpointFilter(ActAsCallerAsync);
        group.MapGet("", async (EndpointService service, CancellationToken ct) => TypedResults.Ok(await service.ListAsync(ct)))
            .WithName("ListEndpoints").WithSummary("The model endpoints (never their keys: hasApiKey says whether one is set).");
        group.MapGet("/{name}", GetAsync).WithName("GetEndpoint").WithSummary("One model endpoint.");
        group.MapPost("", CreateAsync).WithName("CreateEndpoint")
            .WithSummary("Adds an endpoint; send apiKey with keyChange Replace to set its key (write-only).");
        group.MapPut("/{name}", UpdateAsync).WithName("UpdateEndpoint")
            .WithSummary("Edits an endpoint; keyChange Keep (default), Replace (with apiKey) or Clear.");
        group.MapDelete("/{name}", DeleteAsync).WithName("DeleteEndpoint").WithSummary("Removes an endpoint.");
        group.MapPost("/{name}/test", TestAsync).WithName("TestEndpoint")
            .WithSummary("Sends one short request: latency and the answer, or the endpoint's exact error.");
        return api;
    }

    private static async Task<Results<Ok<EndpointSummary>, ProblemHttpResult>> GetAsync(string name, EndpointService service, CancellationToken ct) =>
        await service.GetAsync(name, ct) is { } e ? TypedResults.Ok(e) : NotFound(name);

    private static async Task<Results<Created<EndpointSummary>, ProblemHttpResult>> CreateAsync(EndpointInput input, EndpointService service, CancellationToken ct)
    {
        var result = await service.CreateAsync(input, ct);
        return result.Succeeded ? TypedResults.Created($"/api/endpoints/{Uri.EscapeDataString(result.Endpoint!.Name)}", result.Endpoint) : Problem(result);
    }

    private static async Task<Results<Ok<EndpointSummary>, ProblemHttpResult>> UpdateAsync(string name, EndpointInput input, EndpointService service, CancellationToken ct)
    {
        var result = await service.UpdateAsync(name, input, ct);
        return result.Succeeded ? TypedResults.Ok(result.Endpoint!) : Problem(result);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, EndpointService service, CancellationToken ct) =>
        await service.DeleteAsync(name, ct) ? TypedResults.NoContent() : NotFound(name);

    private static async Task<Results<Ok<EndpointTestResult>, ProblemHttpResult>> TestAsync(string name, EndpointService service, CancellationToken ct) =>
        await service.TestAsync(name, ct) is { } r ? TypedResults.Ok(r) : NotFound(name);

    private static ProblemHttpResult NotFound(string name) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"There is no endpoint named {name}.");

    private static ProblemHttpResult Problem(EndpointResult result) => TypedResults.Problem(
        statusCode: result.Failure switch
        {
            EndpointFailure.NotFound => StatusCodes.Status404NotFound,
            EndpointFailure.Duplicate or EndpointFailure.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        },
        title: result.Failure == EndpointFailure.Invalid ? "The endpoint is not valid" : result.Failure.ToString(),
        detail: string.Join(" ", result.Errors));

    /// <summary>The service's own refusal (ICurrentCaller reads the token's principal) as a 403 problem.</summary>
    private static async ValueTask<object?> ActAsCallerAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
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
}
