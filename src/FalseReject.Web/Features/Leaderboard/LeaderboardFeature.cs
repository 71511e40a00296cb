namespace FalseReject.Web.Features.Leaderboard;

public static class LeaderboardFeature
{
    /// <summary>Leaderboards: metrics per dataset (cached), filters and ranks per request.</summary>
    public static IServiceCollection AddLeaderboardFeature(this IServiceCollection services)
    {
        services.AddSingleton<LeaderboardCache>();
        services.AddScoped<LeaderboardService>();
        return services;
    }

    /// <summary>The leaderboard page's CSV and JSON downloads.</summary>
    public static IEndpointRouteBuilder MapLeaderboardEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapLeaderboardDownloads();
        return app;
    }
}
