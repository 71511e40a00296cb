using FalseReject.Web.Data;
using FalseReject.Web.Api;
using FalseReject.Web.Features.Datasets.Export;
using FalseReject.Web.Features.Datasets.Import;

namespace FalseReject.Web.Features.Datasets;

public static class DatasetsFeature
{
    /// <summary>The Datasets feature's services: listing and browsing, import (and the one upload limit), export, and the demo dataset seed.</summary>
    public static IServiceCollection AddDatasetsFeature(this IServiceCollection services)
    {
        services.AddScoped<DatasetService>();
        services.AddScoped<DatasetImportService>();
        services.AddScoped<DemoDatasetSeed>();
        services.AddScoped<IDemoSeeder>(sp => sp.GetRequiredService<DemoDatasetSeed>());
        services.AddScoped<QueryBrowseService>();
        services.AddOptions<UploadOptions>()
            .BindConfiguration(UploadOptions.Section)
            .Validate(o => o.MaxMegabytes > 0, "Uploads:MaxMegabytes must be a positive number of megabytes.");
        services.AddDatasetExport();
        return services;
    }

    /// <summary>The datasets page's export download and the API's <c>/api/datasets</c>.</summary>
    public static IEndpointRouteBuilder MapDatasetsEndpoints(this IEndpointRouteBuilder app, RouteGroupBuilder api)
    {
        app.MapDatasetExportDownloads();
        api.MapDatasetEndpoints();
        return app;
    }
}
