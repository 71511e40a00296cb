namespace FalseReject.Web.Features.Datasets;

/// <summary>Bound from the <c>Datasets</c> section: limits of the browser upload.</summary>
public sealed class DatasetUploadOptions
{
    public const string Section = "Datasets";

    /// <summary>The largest file the import dialog accepts, in bytes (default 200 MB).</summary>
    public long MaxUploadBytes { get; set; } = 200L * 1024 * 1024;
}

public static class DatasetBrowsingServiceExtensions
{
    /// <summary>The datasets area's read side (datasets, query pages, query detail) and the upload limits.</summary>
    public static IServiceCollection AddDatasetBrowsing(this IServiceCollection services)
    {
        services.AddScoped<QueryBrowseService>();
        services.AddOptions<DatasetUploadOptions>()
            .BindConfiguration(DatasetUploadOptions.Section)
            .Validate(o => o.MaxUploadBytes > 0, "Datasets:MaxUploadBytes must be a positive number of bytes.");
        return services;
    }
}
