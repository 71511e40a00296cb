using Microsoft.AspNetCore.Diagnostics;

namespace FalseReject.Web.Api;

public static class ApiProblemDetailsMiddleware
{
    /// <summary>
    /// Under <c>/api</c>, a bodiless error answer (a 401 challenge, 403, 405, 429 from the rate
    /// limiter...) is written as RFC 9457 problem details instead of being re-executed into the
    /// app's HTML not-found page. Must come after the status code pages middleware.
    /// </summary>
    public static IApplicationBuilder UseApiProblemDetails(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/api"))
            {
                await next(context);
                return;
            }
            if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }
            await next(context);
            var response = context.Response;
            if (!response.HasStarted && response.StatusCode >= 400 && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
            {
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = response.StatusCode },
                });
            }
        });
}
