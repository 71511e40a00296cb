using FalseReject.Web.Data;
using FalseReject.Web.Api;

namespace FalseReject.Web.Features.Runs;

public static class RunsFeature
{
    /// <summary>Runs: import, detail, overrides, compare, and the demo runs.</summary>
    public static IServiceCollection AddRunsFeature(this IServiceCollection services)
    {
        services.AddScoped<RunImportService>();
        services.AddScoped<RunService>();
        services.AddScoped<DemoRunSeed>();
        services.AddScoped<IDemoSeeder>(sp => sp.GetRequiredService<DemoRunSeed>());
        return services;
    }

    /// <summary>The API's <c>/api/runs</c> (and <c>/api/leaderboard</c>, which the runs' API file maps).</summary>
    public static IEndpointRouteBuilder MapRunsEndpoints(this IEndpointRouteBuilder app, RouteGroupBuilder api)
    {
        api.MapRunEndpoints();
        return app;
    }
}
