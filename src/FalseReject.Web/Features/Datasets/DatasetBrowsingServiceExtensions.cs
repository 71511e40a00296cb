namespace FalseReject.Web.Features.Datasets;

public static class DatasetBrowsingServiceExtensions
{
    /// <summary>The datasets area's read side (datasets, query pages, query detail) and the one upload limit.</summary>
    public static IServiceCollection AddDatasetBrowsing(this IServiceCollection services)
    {
        services.AddScoped<QueryBrowseService>();
        services.AddOptions<UploadOptions>()
            .BindConfiguration(UploadOptions.Section)
            .Validate(o => o.MaxMegabytes > 0, "Uploads:MaxMegabytes must be a positive number of megabytes.");
        return services;
    }
}
