using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using FalseReject.Web.Data;

namespace FalseReject.Web.Features.Annotation;

public static class AnnotationFeatureExtensions
{
    /// <summary>
    /// The annotation services: the provider's queue store (one per process, as it serializes
    /// the process's writers) and the per-circuit services pages call.
    /// </summary>
    public static IServiceCollection AddAnnotationFeature(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IAnnotationQueueStore>(sp => sp.GetRequiredService<DatabaseOptions>().Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteAnnotationQueueStore(sp.GetRequiredService<IDbContextFactory<AppDbContext>>()),
            var other => throw new InvalidOperationException($"The annotation queue has no store for {other} yet."),
        });
        services.AddScoped<AnnotationService>();
        services.AddScoped<AnnotationSettingsService>();
        return services;
    }
}
