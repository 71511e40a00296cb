using Polly;
using FalseReject.Web.Features.Endpoints.Wire;

namespace FalseReject.Web.Features.Endpoints;

/// <summary>Model endpoints: their settings (key encrypted at rest) and the wire every model call uses.</summary>
public static class EndpointsFeature
{
    public static IServiceCollection AddEndpointsFeature(this IServiceCollection services)
    {
        services.AddSingleton<EndpointLimiters>();
        services.AddSingleton<ChatCaller>();
        services.AddScoped<EndpointService>();
        var client = services.AddHttpClient(ChatCaller.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            // Header values (the Authorization header carries the key) never reach a log.
            .RedactLoggedHeaders(_ => true);
        // Order matters: the retry handler is outside, WireHandler inside (once per attempt).
        client.AddResilienceHandler("model-retry", b => b.AddRetry(ModelRetry.Options()));
        client.AddHttpMessageHandler(() => new WireHandler());
        return services;
    }

    /// <summary>The endpoints API (<c>/api/endpoints</c>, Admin only).</summary>
    public static WebApplication MapEndpointsEndpoints(this WebApplication app, RouteGroupBuilder api)
    {
        api.MapEndpointsEndpoints();
        return app;
    }
}
