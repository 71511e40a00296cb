using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using FalseReject.Web.Data;

namespace FalseReject.Web.Features.Annotation;

public static class AnnotationFeature
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
            DatabaseProvider.Postgres => new PostgresAnnotationQueueStore(sp.GetRequiredService<IDbContextFactory<AppDbContext>>()),
            var other => new UnsupportedAnnotationQueueStore(other),
        });
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

/// <summary>
/// Stands in for a provider whose queue store is not written yet: the annotation pages still
/// open (dataset list, history), and the queue's operations say plainly what is missing.
/// </summary>
internal sealed class UnsupportedAnnotationQueueStore(DatabaseProvider provider) : IAnnotationQueueStore
{
    public Task EnsureItemsAsync(int datasetId, CancellationToken cancellationToken = default) => throw Unsupported();

    public Task<int?> ReserveNextAsync(QueueRequest request, CancellationToken cancellationToken = default) => throw Unsupported();

    public Task ReleaseAsync(int itemId, string annotatorId, CancellationToken cancellationToken = default) => throw Unsupported();

    public Task<SubmitResult> SubmitAsync(VoteWrite vote, CancellationToken cancellationToken = default) => throw Unsupported();

    private NotSupportedException Unsupported() =>
        new($"The annotation queue has no {provider} store yet; run annotation on SQLite (Database:Provider=Sqlite).");
}
