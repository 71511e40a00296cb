using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using FalseReject.Web.Data;

namespace FalseReject.Web.Features.Annotation;

public static class AnnotationFeature
{
    /// <summary>
    /// The annotation services: the queue store and its dialect (one per process, as the dialect
    /// serializes the process's writers) and the per-circuit services pages call.
    /// </summary>
    public static IServiceCollection AddAnnotationFeature(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => QueueDialect.For(sp.GetRequiredService<DatabaseOptions>().Provider));
        services.AddSingleton<IAnnotationQueueStore, AnnotationQueueStore>();
        services.AddScoped<AnnotationService>();
        services.AddScoped<AnnotationSettingsService>();
        return services;
    }

    /// <summary>The annotator's API under <c>/api/annotation</c>.</summary>
    public static IEndpointRouteBuilder MapAnnotationEndpoints(this IEndpointRouteBuilder app, RouteGroupBuilder api)
    {
        Api.AnnotationEndpoints.MapAnnotationEndpoints(api);
        return app;
    }
}
