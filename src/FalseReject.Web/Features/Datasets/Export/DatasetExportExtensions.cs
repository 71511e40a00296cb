using System.Globalization;
using System.Security.Claims;
using FalseReject.Web.Security;

namespace FalseReject.Web.Features.Datasets.Export;

public static class DatasetExportExtensions
{
    /// <summary>The export service (used by the datasets page's download, the CLI and the API).</summary>
    public static IServiceCollection AddDatasetExport(this IServiceCollection services)
    {
        services.AddScoped<DatasetExportService>();
        return services;
    }

    /// <summary>The URL of the datasets page's download of dataset <paramref name="datasetId"/>; <paramref name="csvRaw"/> only affects CSV.</summary>
    public static string DownloadUrl(int datasetId, ExportKind kind, ExportFormat format, bool csvRaw = false) =>
        $"/datasets/{datasetId}/export?kind={kind.Name()}&format={format.Name()}{(csvRaw && format == ExportFormat.Csv ? "&raw=true" : "")}";

    /// <summary>
    /// The datasets page's download (cookie-authenticated, Research policy):
    /// <c>GET /datasets/{id or name}/export?kind=full|verified-benign&amp;format=jsonl|csv[&amp;raw=true]</c>, streamed as an
    /// attachment (<c>raw=true</c>: CSV cells exactly as stored, formula-looking ones not escaped).
    /// A number is taken as the dataset's id first (the page's links use ids), then as a name.
    /// </summary>
    public static IEndpointRouteBuilder MapDatasetExportDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/datasets/{name}/export", async (string name, string? kind, string? format, bool? raw,
                DatasetExportService exports, CancellationToken ct) =>
            {
                if (ExportNames.ParseKind(kind) is not { } k)
                {
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad export kind", detail: ExportNames.BadKindMessage(kind));
                }
                if (ExportNames.ParseFormat(format) is not { } f)
                {
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad export format", detail: ExportNames.BadFormatMessage(format));
                }
                var dataset = int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                    ? await exports.FindAsync(id, ct)
                    : null;
                dataset ??= await exports.FindAsync(name, ct);
                if (dataset is null)
                {
                    return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"There is no dataset '{name}'.");
                }
                return Results.Stream(
                    body => exports.WriteAsync(dataset, k, f, body, csvRaw: raw ?? false, ct),
                    f.ContentType(),
                    dataset.FileName(k, f));
            })
            .RequireAuthorization(Policies.Research)
            .ExcludeFromDescription();
        return app;
    }
}
