using System.Globalization;
using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Configurations;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Security;

namespace FalseReject.Web.Features.Runs;

/// <summary>
/// Imports a run file into one dataset, all or nothing: any error (a prompt not in the dataset, a
/// duplicate prompt, an unknown label, bad JSON, a wrong type) names its line and nothing is written.
/// Lines with no class are kept as unjudged.
/// </summary>
public sealed class RunImportService(IDbContextFactory<AppDbContext> dbFactory, ICurrentCaller caller)
{
    /// <summary>A value typed as text at a door (a form field, a CLI option): the value, or why it cannot be read.</summary>
    public readonly record struct TextValue<T>(T? Value, RunImportError? Error) where T : struct;

    /// <summary>
    /// The run date as every door reads it: blank is none (today), else exactly yyyy-MM-dd.
    /// Range rules stay in <see cref="ImportAsync"/>.
    /// </summary>
    public static TextValue<DateOnly> ReadRunDate(string? text) =>
        string.IsNullOrWhiteSpace(text) ? default
        : DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? new(date, null)
        : new(null, new RunImportError(0, "runDate", $"'{RunFileParser.Shorten(text)}' is not a date in the form yyyy-MM-dd."));

    /// <summary>The temperature as every door reads it: blank is none, else a number with a '.' decimal point.</summary>
    public static TextValue<double> ReadTemperature(string? text) =>
        string.IsNullOrWhiteSpace(text) ? default
        : double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? new(t, null)
        : new(null, new RunImportError(0, "temperature", $"'{RunFileParser.Shorten(text)}' is not a number (use a '.' for decimals, e.g. 0.7)."));

    public async Task<RunImportResult> ImportAsync(
        Stream file,
        RunImportRequest request,
        IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var me = await caller.RequireAsync(Policies.Research, cancellationToken);

        var modelName = request.ModelName?.Trim() ?? "";
        if (modelName.Length == 0)
        {
            return RunImportResult.Failed(new RunImportError(0, "model", "A model name is required."));
        }
        if (modelName.Length > ModelConfiguration.NameMaxLength)
        {
            return RunImportResult.Failed(new RunImportError(0, "model", $"The model name is longer than {ModelConfiguration.NameMaxLength} characters."));
        }
        if (request.Temperature is { } t && (!double.IsFinite(t) || t < 0))
        {
            return RunImportResult.Failed(new RunImportError(0, "temperature", "The temperature must be a non-negative number."));
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var datasetName = request.DatasetName?.Trim() ?? "";
        var dataset = await db.Datasets.AsNoTracking()
            .Where(d => d.Name == datasetName)
            .Select(d => new { d.Id, d.Name })
            .FirstOrDefaultAsync(cancellationToken);
        if (dataset is null)
        {
            return RunImportResult.Failed(new RunImportError(0, "dataset", $"There is no dataset named '{datasetName}'."));
        }

        var parsed = await RunFileParser.ParseAsync(file, progress, cancellationToken);
        var errors = parsed.Errors.ToList();

        var queries = await db.Queries.AsNoTracking()
            .Where(q => q.DatasetId == dataset.Id)
            .Select(q => new { q.Id, q.Prompt, q.CategoryId })
            .ToListAsync(cancellationToken);
        var byPrompt = new Dictionary<string, (int Id, int CategoryId)>(queries.Count, StringComparer.Ordinal);
        foreach (var q in queries)
        {
            byPrompt.TryAdd(q.Prompt.Trim(), (q.Id, q.CategoryId));
        }

        var firstLineOf = new Dictionary<int, int>(parsed.Lines.Count);
        var items = new List<RunItem>(parsed.Lines.Count);
        foreach (var line in parsed.Lines)
        {
            if (!byPrompt.TryGetValue(line.Prompt, out var query))
            {
                errors.Add(new RunImportError(line.Line, "prompt",
                    $"'{RunFileParser.Shorten(line.Prompt)}' is not a prompt of the dataset '{dataset.Name}' (prompts must match exactly, after trimming)"));
                continue;
            }
            if (firstLineOf.TryGetValue(query.Id, out var first))
            {
                errors.Add(new RunImportError(line.Line, "prompt", $"duplicate prompt: already on line {first}"));
                continue;
            }
            firstLineOf[query.Id] = line.Line;
            items.Add(new RunItem
            {
                QueryId = query.Id,
                CategoryId = query.CategoryId,
                Line = line.Line,
                Response = line.Response,
                Reasoning = line.Reasoning,
                JudgeOutput = line.JudgeOutput,
                JudgeClass = line.Class,
                Class = line.Class,
            });
        }
        if (errors.Count > 0)
        {
            return new RunImportResult(null, [.. errors.OrderBy(e => e.Line).Take(RunFileParser.MaxErrors + 1)], 0, 0);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var model = await db.Models.FirstOrDefaultAsync(m => m.Name == modelName, cancellationToken);
        if (model is null)
        {
            model = new Model
            {
                Name = modelName,
                Provider = string.IsNullOrWhiteSpace(request.Provider) ? null : request.Provider.Trim(),
                OpenWeights = request.OpenWeights,
                Reasoning = request.Reasoning,
                ParametersBillions = request.ParametersBillions,
                ReleaseDate = request.ReleaseDate,
                IsSyntheticDemo = request.IsSyntheticDemo,
            };
            db.Models.Add(model);
        }
        var run = new Run
        {
            Model = model,
            DatasetId = dataset.Id,
            JudgeModel = Clean(request.JudgeModel),
            JudgePromptVersion = Clean(request.JudgePromptVersion),
            Temperature = request.Temperature,
            RunDate = request.RunDate ?? DateOnly.FromDateTime(DateTime.UtcNow),
            Notes = Clean(request.Notes),
            SourceFile = Clean(request.SourceFile),
            ImportedById = me.Id is { } id && await db.Users.AnyAsync(u => u.Id == id, cancellationToken) ? id : null,
            IsSyntheticDemo = request.IsSyntheticDemo,
            Items = items,
        };
        db.Runs.Add(run);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await db.SaveChangesAsync(cancellationToken);
        await db.BumpRunsVersionAsync(dataset.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        return new RunImportResult(run.Id, [], items.Count, items.Count(i => i.Class is null), model.Id);
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
