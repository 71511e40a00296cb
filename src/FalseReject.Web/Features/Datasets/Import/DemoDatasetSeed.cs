using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data;
using FalseReject.Web.Security;

namespace FalseReject.Web.Features.Datasets.Import;

/// <summary>
/// Demo mode (<c>Seed:Demo=true</c>): imports <c>data/demo/demo-queries.jsonl</c> (content-root
/// relative) as the dataset "Demo: seemingly toxic queries", through the same importer as every
/// other file. Skipped when that dataset already exists.
/// </summary>
public sealed class DemoDatasetSeed(
    IDbContextFactory<AppDbContext> dbFactory,
    IServiceProvider services,
    IHostEnvironment environment,
    ILogger<DemoDatasetSeed> logger) : IDemoSeeder
{
    public const string DatasetName = "Demo: seemingly toxic queries";
    public const string QueriesFile = "data/demo/demo-queries.jsonl";
    public const string Description =
        "Original synthetic demo content written for this project (not from the FalseReject dataset): " +
        "prompts that sound harmful but each have a legitimate, safe purpose, across all 46 categories, " +
        "some with four-part structured responses. For trying the app, not for training or evaluating models.";

    public int Order => 0;

    async Task IDemoSeeder.EnsureAsync(CancellationToken cancellationToken) => await EnsureAsync(cancellationToken);

    /// <summary>Imports the demo dataset unless it exists. Returns true when it imported it now.</summary>
    public async Task<bool> EnsureAsync(CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Datasets.AnyAsync(d => d.Name == DatasetName, cancellationToken))
            {
                return false;
            }
        }

        var path = Path.Combine(environment.ContentRootPath, QueriesFile);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Demo mode is on but {path} is missing.");
        }
        await using var file = File.OpenRead(path);
        // The seed imports with the rights of the local operator, like the CLI.
        var importer = ActivatorUtilities.CreateInstance<DatasetImportService>(services, FixedCaller.DemoSeed);
        var result = await importer.ImportAsync(file,
            new DatasetImportRequest(DatasetName, Description, QueriesFile, ImportFormat.Jsonl, Path.GetFileName(path)),
            cancellationToken: cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"The demo dataset {path} could not be imported: {string.Join("; ", result.Problems)}");
        }
        logger.LogInformation("Seeded the demo dataset '{Dataset}' with {Count} queries.", DatasetName, result.Imported);
        return true;
    }
}
