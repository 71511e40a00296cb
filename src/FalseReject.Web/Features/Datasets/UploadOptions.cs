namespace FalseReject.Web.Features.Datasets;

/// <summary>
/// Bound from the <c>Uploads</c> section: the one limit on an uploaded file, at every door that
/// takes an upload (the dataset and run import on the pages, <c>POST /api/datasets</c>,
/// <c>POST /api/runs</c>). The CLI reads local files and has none.
/// </summary>
public sealed class UploadOptions
{
    public const string Section = "Uploads";

    /// <summary>The largest file, in megabytes (MiB); 512 by default.</summary>
    public int MaxMegabytes { get; set; } = 512;

    public long MaxBytes => MaxMegabytes * 1024L * 1024L;

    /// <summary>What every door says when a file is over the limit.</summary>
    public string TooLargeMessage => $"Uploads are limited to {MaxMegabytes:N0} MB (the Uploads:MaxMegabytes setting).";
}
