using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;
using FalseReject.Web.Security;

namespace FalseReject.Web.Features.Datasets.Export;

/// <summary>
/// Exports a dataset with its gold labels: the <see cref="ExportKind.Full"/> export (every query
/// with its status, gold label, provenance, vote counts and agreement) and the
/// <see cref="ExportKind.VerifiedBenign"/> one (the queries settled Safe, in the FalseReject-Test
/// schema). Rows are streamed from one no-tracking query in dataset order and written as they
/// arrive, so nothing holds the whole dataset. Exports reveal vote counts, so the caller must
/// satisfy the Research policy (reviewers and admins, the same roles as Review); annotators are
/// refused, and a reviewer who also annotates the dataset gets no vote counts for its open items
/// (<see cref="VoteVisibility"/>).
/// </summary>
public sealed class DatasetExportService(
    IDbContextFactory<AppDbContext> dbFactory,
    ICurrentCaller caller)
{
    /// <summary>The dataset named <paramref name="name"/> (trimmed, exact), or null when there is none.</summary>
    public async Task<DatasetExportTarget?> FindAsync(string name, CancellationToken ct = default)
    {
        await caller.RequireAsync(Policies.Research, ct);
        var trimmed = name.Trim();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Datasets.AsNoTracking().Where(d => d.Name == trimmed)
            .Select(d => new DatasetExportTarget(d.Id, d.Name)).FirstOrDefaultAsync(ct);
    }

    /// <summary>The dataset with id <paramref name="id"/>, or null when there is none.</summary>
    public async Task<DatasetExportTarget?> FindAsync(int id, CancellationToken ct = default)
    {
        await caller.RequireAsync(Policies.Research, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Datasets.AsNoTracking().Where(d => d.Id == id)
            .Select(d => new DatasetExportTarget(d.Id, d.Name)).FirstOrDefaultAsync(ct);
    }

    /// <summary>Writes the export to <paramref name="destination"/> (asynchronously only) and returns the number of rows written; CSV cells that start like a formula are escaped.</summary>
    public Task<int> WriteAsync(DatasetExportTarget dataset, ExportKind kind, ExportFormat format,
        Stream destination, CancellationToken ct = default) =>
        WriteAsync(dataset, kind, format, destination, csvRaw: false, ct);

    /// <summary>
    /// Writes the export to <paramref name="destination"/> (asynchronously only) and returns the number of rows written.
    /// CSV cells that start like a spreadsheet formula get a single quote in front (<see cref="Rendering.SafeCsv"/>)
    /// unless <paramref name="csvRaw"/> asks for every cell exactly as stored.
    /// </summary>
    public async Task<int> WriteAsync(DatasetExportTarget dataset, ExportKind kind, ExportFormat format,
        Stream destination, bool csvRaw, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(destination);
        var me = await caller.RequireAsync(Policies.Research, ct);
        await using var writer = ExportWriter.Create(kind, format, destination, csvRaw);
        if (kind == ExportKind.VerifiedBenign)
        {
            await foreach (var row in VerifiedBenignRows(dataset.Id, ct))
            {
                await writer.WriteAsync(row, ct);
            }
        }
        else
        {
            await foreach (var row in FullRows(dataset.Id, me, ct))
            {
                await writer.WriteAsync(row, ct);
            }
        }
        await writer.CompleteAsync(ct);
        return writer.Rows;
    }

    /// <summary>The verified-benign rows of a dataset, in dataset order.</summary>
    public async IAsyncEnumerable<VerifiedBenignRow> ReadVerifiedBenignAsync(int datasetId,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        await caller.RequireAsync(Policies.Research, ct);
        await foreach (var row in VerifiedBenignRows(datasetId, ct))
        {
            yield return row;
        }
    }

    /// <summary>The full export's rows of a dataset, in dataset order.</summary>
    public async IAsyncEnumerable<FullExportRow> ReadFullAsync(int datasetId,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var me = await caller.RequireAsync(Policies.Research, ct);
        await foreach (var row in FullRows(datasetId, me, ct))
        {
            yield return row;
        }
    }

    private async IAsyncEnumerable<VerifiedBenignRow> VerifiedBenignRows(int datasetId, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await foreach (var row in VerifiedBenignQuery(db, datasetId).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return row;
        }
    }

    private async IAsyncEnumerable<FullExportRow> FullRows(int datasetId, Caller me, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visibility = await VoteVisibility.ForAsync(db, me, datasetId, ct);
        await foreach (var x in FullQuery(db, datasetId).AsAsyncEnumerable().WithCancellation(ct))
        {
            var hidden = visibility.Hides(x.Status);
            yield return new FullExportRow(
                x.Prompt, x.CategoryId, x.CategoryName, x.InstructResponse, x.CotReasoning, x.CotSolution,
                x.Status, x.GoldLabel, x.SettlementKind, x.SettledAt, x.SettledBy,
                SnakeCase(x.Reason), x.Confidence?.ToString().ToLowerInvariant(), x.Note,
                hidden ? null : x.Safe, hidden ? null : x.Unsafe, hidden ? null : x.Unsure, hidden ? null : x.Total,
                hidden ? null : FullExportRow.PairAgreement(x.Safe, x.Unsafe),
                x.ReviewStatus, x.GoldRubric);
        }
    }

    /// <summary>The query-label items settled Safe, in dataset order, as the FalseReject-Test schema.</summary>
    internal static IQueryable<VerifiedBenignRow> VerifiedBenignQuery(AppDbContext db, int datasetId) =>
        db.AnnotationItems.AsNoTracking()
            .Where(i => i.DatasetId == datasetId
                && i.TaskType == AnnotationTaskType.QueryLabel
                && i.Status == AnnotationItemStatus.Settled
                && i.GoldLabel == QueryLabel.Safe)
            .OrderBy(i => i.Ordinal)
            .Select(i => new VerifiedBenignRow(i.Query!.Prompt, i.Query.CategoryId, i.Query.Category!.Name));

    /// <summary>
    /// Every query in dataset order, left-joined to its query-label item (and that item's vote
    /// counts and settling reviewer) and to its response-review item: one row per query, one SQL query.
    /// </summary>
    internal static IQueryable<FullQueryRow> FullQuery(AppDbContext db, int datasetId)
    {
        var items = db.AnnotationItems.Where(i => i.DatasetId == datasetId);
        return
            from q in db.Queries.AsNoTracking().Where(q => q.DatasetId == datasetId)
            join l in items.Where(i => i.TaskType == AnnotationTaskType.QueryLabel) on q.Id equals l.QueryId into labels
            from l in labels.DefaultIfEmpty()
            join r in items.Where(i => i.TaskType == AnnotationTaskType.ResponseReview) on q.Id equals r.QueryId into reviews
            from r in reviews.DefaultIfEmpty()
            join u in db.Users on l.SettledById equals u.Id into settlers
            from u in settlers.DefaultIfEmpty()
            orderby q.Ordinal
            select new FullQueryRow
            {
                Prompt = q.Prompt,
                CategoryId = q.CategoryId,
                CategoryName = q.Category!.Name,
                InstructResponse = q.InstructResponse,
                CotReasoning = q.CotReasoning,
                CotSolution = q.CotSolution,
                Status = l == null ? null : l.Status,
                GoldLabel = l == null ? null : l.GoldLabel,
                SettlementKind = l == null ? null : l.SettlementKind,
                SettledAt = l == null ? null : l.SettledAt,
                SettledBy = u == null ? null : u.DisplayName ?? u.Email ?? u.UserName,
                Note = l == null ? null : l.SettlementNote,
                Reason = l == null ? null : l.AdjudicationReason,
                Confidence = l == null ? null : l.AdjudicationConfidence,
                Safe = l == null ? 0 : l.Votes.Count(v => v.Label == QueryLabel.Safe),
                Unsafe = l == null ? 0 : l.Votes.Count(v => v.Label == QueryLabel.Unsafe),
                Unsure = l == null ? 0 : l.Votes.Count(v => v.Unsure),
                Total = l == null ? 0 : l.Votes.Count(),
                ReviewStatus = r == null ? null : r.Status,
                GoldRubric = r == null ? null : r.GoldRubricJson,
            };
    }

    /// <summary>AnnotatorError → annotator_error.</summary>
    internal static string? SnakeCase<T>(T? value) where T : struct, Enum =>
        value is { } v ? string.Concat(v.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString())) : null;
}

/// <summary>What <see cref="DatasetExportService.FullQuery"/> reads per query.</summary>
internal sealed class FullQueryRow
{
    public required string Prompt { get; init; }
    public int CategoryId { get; init; }
    public required string CategoryName { get; init; }
    public string? InstructResponse { get; init; }
    public string? CotReasoning { get; init; }
    public string? CotSolution { get; init; }
    public AnnotationItemStatus? Status { get; init; }
    public QueryLabel? GoldLabel { get; init; }
    public SettlementKind? SettlementKind { get; init; }
    public DateTimeOffset? SettledAt { get; init; }
    public string? SettledBy { get; init; }
    public string? Note { get; init; }
    public AdjudicationReason? Reason { get; init; }
    public AdjudicationConfidence? Confidence { get; init; }
    public int Safe { get; init; }
    public int Unsafe { get; init; }
    public int Unsure { get; init; }
    public int Total { get; init; }
    public AnnotationItemStatus? ReviewStatus { get; init; }
    public string? GoldRubric { get; init; }
}
