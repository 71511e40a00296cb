using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Configurations;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Security;

namespace FalseReject.Web.Features.Datasets.Import;

/// <summary>
/// Imports a JSONL (Hugging Face FalseReject schema) or CSV file into a new dataset, or appends it
/// to the existing dataset of that name. The file is streamed: rows are checked and inserted as
/// they are read, inside one transaction, so memory does not grow with the file; at the end the
/// transaction commits only when no row had a problem. Repeated prompts (within the file or
/// already in the dataset) are skipped and reported with the line or query they repeat, not
/// errors; prompts are compared in their <see cref="PromptKey"/> form (NFC, white space collapsed,
/// zero-width characters removed; case too when the request says <see cref="DatasetImportRequest.IgnoreCase"/>).
/// </summary>
public sealed class DatasetImportService(
    IDbContextFactory<AppDbContext> dbFactory,
    ICurrentCaller caller,
    ILogger<DatasetImportService> logger)
{
    /// <summary>How many problems a result lists; <see cref="DatasetImportResult.MoreProblems"/> counts the rest.</summary>
    public const int MaxProblems = 20;

    /// <summary>How many duplicates a result lists; <see cref="DatasetImportResult.DuplicatesSkipped"/> counts them all.</summary>
    public const int MaxDuplicateLines = 1000;

    /// <summary>The column sizes of <see cref="Dataset.Description"/> and <see cref="Dataset.Source"/> (DatasetConfiguration).</summary>
    public const int DescriptionMaxLength = 4000;
    public const int SourceMaxLength = 1000;

    /// <summary>The format <see cref="ImportFormat.Auto"/> stands for, given the file name.</summary>
    public static ImportFormat ResolveFormat(ImportFormat format, string? fileName) =>
        format != ImportFormat.Auto ? format
        : string.Equals(Path.GetExtension(fileName), ".csv", StringComparison.OrdinalIgnoreCase) ? ImportFormat.Csv
        : ImportFormat.Jsonl;

    public async Task<DatasetImportResult> ImportAsync(
                Stream content,
        DatasetImportRequest request,
        IProgress<long>? bytesRead = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(request);
        var me = await caller.RequireAsync(Policies.Research, cancellationToken);

        var name = request.DatasetName?.Trim() ?? "";
        var problems = new ProblemLog();
        CheckRequest(request, name, problems);
        if (problems.Total > 0)
        {
            return Failed(0, name, problems, 0, []);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var tuning = await SqliteBulkTuning.ApplyAsync(db, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Name == name, cancellationToken);
        var created = dataset is null;
        var ignoreCase = request.IgnoreCase;
        // The first row of the file, or query of the dataset, with each prompt key (a PromptHash).
        var seen = new Dictionary<string, Earlier>(StringComparer.Ordinal);
        var ordinal = 0;
        if (dataset is null)
        {
            dataset = new Dataset
            {
                Name = name,
                Description = Blank(request.Description),
                Source = Blank(request.Source) ?? Blank(request.FileName),
                CreatedById = await ExistingUserIdAsync(db, me, cancellationToken),
            };
            db.Datasets.Add(dataset);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        else
        {
            // Keys recomputed from the prompts rather than read from PromptHash: rows imported by
            // earlier versions hashed only the trimmed prompt, and the case-folded key is not stored.
            var id = dataset.Id;
            var existing = db.Queries.AsNoTracking().Where(q => q.DatasetId == id).OrderBy(q => q.Ordinal)
                .Select(q => new { q.Id, q.Ordinal, q.Prompt }).AsAsyncEnumerable();
            await foreach (var query in existing.WithCancellation(cancellationToken))
            {
                seen.TryAdd(PromptHash.Compute(query.Prompt, ignoreCase), Earlier.Query(query.Id, query.Ordinal));
                ordinal = query.Ordinal + 1;
            }
        }

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var format = ResolveFormat(request.Format, request.FileName);
        IImportRowReader reader = format == ImportFormat.Csv
            ? new CsvRowReader(content, bytesRead)
            : new JsonlRowReader(content, bytesRead);
        var duplicates = 0;
        var duplicateList = new List<SkippedDuplicate>();
        int imported;

        // Two halves that overlap on two cores: this thread reads, checks and de-duplicates rows
        // (and reports progress on the caller's context); a pool thread inserts them. A small
        // bounded channel between them keeps memory flat.
        var channel = Channel.CreateBounded<(ImportRow Row, string Hash)>(new BoundedChannelOptions(256)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using (var writer = new QueryBulkWriter(db, transaction))
        {
            var datasetId = dataset.Id;
            var writing = Task.Run(async () =>
            {
                var count = 0;
                try
                {
                    await foreach (var (row, hash) in channel.Reader.ReadAllAsync(stop.Token))
                    {
                        // After the first problem nothing will be kept: the reader reads on only to report the rest.
                        if (problems.Total == 0)
                        {
                            await writer.InsertAsync(datasetId, ordinal++, hash, row, stop.Token);
                            count++;
                        }
                    }
                    return count;
                }
                catch
                {
                    await stop.CancelAsync();
                    throw;
                }
            }, stop.Token);

            try
            {
                await foreach (var row in reader.ReadAsync(problems, stop.Token))
                {
                    var key = PromptHash.Compute(row.Prompt, ignoreCase);
                    if (!seen.TryAdd(key, Earlier.FileLine(row.Line)))
                    {
                        duplicates++;
                        if (duplicateList.Count < MaxDuplicateLines)
                        {
                            duplicateList.Add(seen[key].RepeatedOn(row.Line));
                        }
                        continue;
                    }
                    // The stored hash keeps case, so the unique index means the same with or without ignoreCase.
                    var hash = ignoreCase ? PromptHash.Compute(row.Prompt) : key;
                    if (problems.Total == 0)
                    {
                        await channel.Writer.WriteAsync((row, hash), stop.Token);
                    }
                }
            }
            catch (Exception ex) when (NotUtf8(ex) is { } notUtf8)
            {
                problems.Add(notUtf8.Line, null, notUtf8.Message);
            }
            catch (InvalidDataException ex)
            {
                problems.Add(0, null, ex.Message);
            }
            catch (OperationCanceledException) when (writing.IsFaulted && !cancellationToken.IsCancellationRequested)
            {
                // The writer failed and stopped the reading: its exception is thrown below.
            }
            catch
            {
                await stop.CancelAsync();
                await Task.WhenAny(writing); // let it stop before the connection goes
                throw;
            }
            finally
            {
                channel.Writer.TryComplete();
            }
            imported = await writing;
        }

        if (problems.Total == 0 && reader.Records == 0)
        {
            problems.Add(0, null, format == ImportFormat.Csv
                ? "the file has no records: it needs a header row and at least one row."
                : "the file is empty: it needs at least one JSON object, one per line.");
        }
        if (problems.Total > 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            logger.LogInformation("Import into {Dataset} refused: {Problems} problems.", name, problems.Total);
            return Failed(created ? 0 : dataset.Id, name, problems, duplicates, duplicateList);
        }

        var written = stopwatch.Elapsed;
        await transaction.CommitAsync(cancellationToken);
        if (imported > 0)
        {
            SqliteBulkTuning.CheckpointInBackground(dbFactory, logger);
        }
        logger.LogInformation("Imported {Imported} queries into {Dataset} ({Duplicates} duplicates skipped) in {Seconds:F2} s, of which the commit took {Commit:F2} s.",
            imported, name, duplicates, stopwatch.Elapsed.TotalSeconds, (stopwatch.Elapsed - written).TotalSeconds);
        return new DatasetImportResult(dataset.Id, name, created, imported, duplicates, duplicateList, [], 0);
    }

    private static void CheckRequest(DatasetImportRequest request, string name, ProblemLog problems)
    {
        if (name.Length == 0)
        {
            problems.Add(0, "name", "the dataset needs a name.");
        }
        else if (name.Length > DatasetConfiguration.NameMaxLength)
        {
            problems.Add(0, "name", $"the dataset name is longer than {DatasetConfiguration.NameMaxLength} characters.");
        }
        else if (FirstUnreachableChar(name) is var at and >= 0)
        {
            var shown = char.IsControl(name[at]) ? $"U+{(int)name[at]:X4}" : $"'{name[at]}'";
            problems.Add(0, "name", $"the dataset name contains {shown} at position {at + 1}: names cannot contain '/', '\\' or control characters " +
                "(the name is how URLs, the API and the CLI reach the dataset).");
        }
        if (request.Description?.Trim().Length > DescriptionMaxLength)
        {
            problems.Add(0, "description", $"the description is longer than {DescriptionMaxLength} characters.");
        }
        if ((Blank(request.Source) ?? Blank(request.FileName))?.Length > SourceMaxLength)
        {
            problems.Add(0, "source", $"the source is longer than {SourceMaxLength} characters.");
        }
    }

    /// <summary>
    /// Where <paramref name="name"/> has a '/' or '\' (they split <c>/api/datasets/{name}</c> and
    /// the pages' URLs, so the dataset could not be reached by name) or a control character; -1 when none.
    /// </summary>
    private static int FirstUnreachableChar(string name)
    {
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] is '/' or '\\' || char.IsControl(name[i]))
            {
                return i;
            }
        }
        return -1;
    }

    private static DatasetImportResult Failed(int datasetId, string name, ProblemLog problems, int duplicates, IReadOnlyList<SkippedDuplicate> duplicateList) =>
        new(datasetId, name, false, 0, duplicates, duplicateList, problems.First, problems.More);

    /// <summary>Where a prompt key was first seen: a line of the file (Line &gt; 0) or a query the dataset had.</summary>
    private readonly record struct Earlier(int Line, int QueryId, int QueryOrdinal)
    {
        public static Earlier FileLine(int line) => new(line, 0, 0);

        public static Earlier Query(int id, int ordinal) => new(0, id, ordinal);

        public SkippedDuplicate RepeatedOn(int line) =>
            Line > 0 ? SkippedDuplicate.OfFileLine(line, Line) : SkippedDuplicate.OfExistingQuery(line, QueryId, QueryOrdinal);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The caller's user id when it names an account of this store (the CLI's operator does not).</summary>
    private static async Task<string?> ExistingUserIdAsync(AppDbContext db, Caller me, CancellationToken cancellationToken)
    {
        var id = me.Id;
        return id is not null && await db.Users.AnyAsync(u => u.Id == id, cancellationToken) ? id : null;
    }

    private static NotUtf8TextException? NotUtf8(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is NotUtf8TextException found)
            {
                return found;
            }
        }
        return null;
    }
}
