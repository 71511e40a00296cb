using Microsoft.AspNetCore.Authorization;
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
        // An unknown /api path is a JSON 404, not the app's HTML not-found page.
        api.MapFallback(() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: "There is no such API endpoint."))
            .ExcludeFromDescription();

        app.MapOpenApi().AllowAnonymous();
        return api;
    }
}
