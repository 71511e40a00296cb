using FalseReject.Web.Data;
using FalseReject.Web.Features.Leaderboard;

namespace FalseReject.Web.Features.Runs;

public static class RunsFeature
{
    /// <summary>Runs and leaderboards: import, metrics (cached per dataset), detail, compare.</summary>
    public static IServiceCollection AddRunsFeature(this IServiceCollection services)
    {
        services.AddSingleton<LeaderboardCache>();
        services.AddScoped<RunImportService>();
        services.AddScoped<LeaderboardService>();
        services.AddScoped<RunService>();
        services.AddScoped<DemoRunSeed>();
        services.AddScoped<IDemoSeeder>(sp => sp.GetRequiredService<DemoRunSeed>());
        return services;
    }
}
