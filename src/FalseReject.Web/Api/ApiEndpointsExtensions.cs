using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Template;
using FalseReject.Web.Security.ApiTokens;
using FalseReject.Web.Features.Endpoints;

namespace FalseReject.Web.Api;

public static class ApiEndpointsExtensions
{
    /// <summary>
    /// Everything under <c>/api</c>, authenticated by API tokens only: the policy names the
    /// "ApiToken" scheme, so a browser's cookie is never consulted (and /api needs no CSRF
    /// protection). The OpenAPI document at <c>/openapi/v1.json</c> is public. Returns the group, into
    /// which each feature maps its own endpoints (see <c>MapFalseRejectFeatureEndpoints</c>).
    /// </summary>
    public static RouteGroupBuilder MapFalseRejectApi(this WebApplication app)
    {
        var api = app.MapGroup("/api")
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = BearerTokenAuthenticationHandler.SchemeName })
            .DisableAntiforgery();
        api.MapAccountEndpoints();
        // An unknown /api path is a JSON 404, not the app's HTML not-found page. The router also falls
        // through to here when an endpoint exists but does not take the request's content type: a 415.
        api.MapFallback((HttpContext http, EndpointDataSource endpoints) =>
                AcceptedContentTypes(http, endpoints) is { } accepted
                    ? TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported Media Type",
                        detail: $"This endpoint takes {string.Join(" or ", accepted)}, not {(string.IsNullOrEmpty(http.Request.ContentType) ? "a body without a Content-Type" : http.Request.ContentType)}.")
                    : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: "There is no such API endpoint."))
            .ExcludeFromDescription();

        app.MapOpenApi().AllowAnonymous();
        return api;
    }

    /// <summary>
    /// The content types of the endpoint at the request's path and method when there is one that
    /// declares them (<see cref="IAcceptsMetadata"/>: JSON bodies, multipart uploads); null otherwise.
    /// </summary>
    private static IReadOnlyList<string>? AcceptedContentTypes(HttpContext http, EndpointDataSource endpoints)
    {
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is not { ContentTypes.Count: > 0 } accepts
                || (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is { } methods
                    && !methods.HttpMethods.Contains(http.Request.Method, StringComparer.OrdinalIgnoreCase)))
            {
                continue;
            }
            if (new TemplateMatcher(new RouteTemplate(endpoint.RoutePattern), []).TryMatch(http.Request.Path, []))
            {
                return accepts.ContentTypes;
            }
        }
        return null;
    }
}
