using MudBlazor.Services;
using FalseReject.Web.Components;
using FalseReject.Web.Data;
using FalseReject.Web.Operations;
using FalseReject.Web.Security;
using FalseReject.Web.Features.Runs;
using FalseReject.Web.Rendering;
using FalseReject.Web.Features.Datasets;
using FalseReject.Web.Api;
using FalseReject.Web.Features.Annotation;
using FalseReject.Web.Features.Review;
using FalseReject.Web.Features.Agreement;
using FalseReject.Web.Features.Admin;
using FalseReject.Web.Features.Leaderboard;
using FalseReject.Web.Features.Endpoints;
using FalseReject.Web.Features.Judging;

namespace FalseReject.Web;

public static class WebServiceExtensions
{
    /// <summary>Razor components with interactive server rendering, MudBlazor and the feature services.</summary>
    public static WebApplicationBuilder AddFalseRejectWeb(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
        {
            // A build (not a publish) keeps the framework's, MudBlazor's and Plotly's assets where
            // the SDK and NuGet put them, listed in FalseReject.Web.staticwebassets.runtime.json
            // beside the binaries; the host reads that list in Development only, so in Production
            // `dotnet run --no-launch-profile` or `dotnet bin/.../FalseReject.Web.dll` answered 500
            // for /_framework/blazor.web.js. A publish copies the assets into wwwroot/ and has no
            // such list: then this does nothing.
            builder.WebHost.UseStaticWebAssets();
        }
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddSafeMarkdown();
        builder.Services.AddFalseRejectFeatures();
        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddDatabaseDeveloperPageExceptionFilter();
        }
        return builder;
    }

    /// <summary>The features, each through its own front door (<c>Features/Xxx/XxxFeature.cs</c>).</summary>
    public static IServiceCollection AddFalseRejectFeatures(this IServiceCollection services)
    {
        services.AddAdminFeature();
        services.AddDatasetsFeature();
        services.AddAnnotationFeature();
        services.AddReviewFeature();
        services.AddAgreementFeature();
        services.AddRunsFeature();
        services.AddLeaderboardFeature();
        services.AddEndpointsFeature();
        services.AddJudgingFeature();
        return services;
    }

    /// <summary>The features' endpoints: page downloads on the app, the API into the <c>/api</c> group.</summary>
    public static WebApplication MapFalseRejectFeatureEndpoints(this WebApplication app, RouteGroupBuilder api)
    {
        app.MapDatasetsEndpoints(api);
        app.MapAnnotationEndpoints(api);
        app.MapRunsEndpoints(api);
        app.MapLeaderboardEndpoints();
        app.MapEndpointsEndpoints(api);
        return app;
    }

    /// <summary>Applies migrations and seeds; a clear message and a non-zero exit when the store cannot be opened.</summary>
    public static async Task<bool> InitializeDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            app.Logger.LogCritical(ex, "FalseReject cannot open or migrate its database ({Provider}): {Message}",
                app.Configuration["Database:Provider"] ?? "Sqlite", ex.GetBaseException().Message);
            return false;
        }
    }

    /// <summary>
    /// Starts the server and serves until shutdown; exits with 1 at once when the server listens
    /// where it must not (plain HTTP while HTTPS is required, see <see cref="HttpsRequirement"/>).
    /// </summary>
    public static async Task<int> RunFalseRejectAsync(this WebApplication app)
    {
        await app.StartAsync();
        if (!HttpsRequirement.CheckEndpoints(app))
        {
            await app.StopAsync();
            // Disposing flushes the console log, so the reason is printed before the exit.
            await app.DisposeAsync();
            return 1;
        }
        await app.WaitForShutdownAsync();
        return 0;
    }

    public static WebApplication UseFalseRejectWeb(this WebApplication app)
    {
        app.UseFalseRejectForwardedHeaders();
        app.UseFalseRejectSecurityHeaders();
        app.UseHttpLogging();
        app.UseFalseRejectHttpsRequirement();
        app.UseFalseRejectCircuitOriginCheck();
        if (app.Environment.IsDevelopment())
        {
            app.UseMigrationsEndPoint();
        }
        else
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseApiProblemDetails();

        // The repository root's wwwroot/ (our own files) first; MapStaticAssets serves the
        // framework's, MudBlazor's and Plotly's assets.
        app.UseStaticFiles();
        app.UseRateLimiter();
        // After the rate limiter, so API token checks (a store lookup each) are limited too.
        app.UseAuthentication();
        app.UseCurrentCaller();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAdditionalIdentityEndpoints();
        app.MapFalseRejectHealth();
        app.MapFalseRejectFeatureEndpoints(app.MapFalseRejectApi());
        return app;
    }
}
