using FalseReject.Web.Data;
using FalseReject.Web.Features.Datasets.Import;

namespace FalseReject.Web.Features.Datasets;

public static class DatasetsServiceExtensions
{
    /// <summary>The Datasets feature's services: listing, import, and the demo dataset seed.</summary>
    public static IServiceCollection AddDatasetsFeature(this IServiceCollection services)
    {
        services.AddScoped<DatasetService>();
        services.AddScoped<DatasetImportService>();
        services.AddScoped<DemoDatasetSeed>();
        services.AddScoped<IDemoSeeder>(sp => sp.GetRequiredService<DemoDatasetSeed>());
        return services;
    }
}
