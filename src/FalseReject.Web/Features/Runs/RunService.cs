using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Leaderboard;
using FalseReject.Web.Security;
using FalseReject.Web.Statistics;

namespace FalseReject.Web.Features.Runs;

/// <summary>Lists runs, shows one run's items, records Reviewer overrides, and compares two runs.</summary>
public sealed class RunService(IDbContextFactory<AppDbContext> dbFactory, ICurrentCaller caller)
{
    private static readonly IReadOnlyDictionary<int, string> CategoryNames = CategoryCatalog.All.ToDictionary(c => c.Id, c => c.Name);

    public async Task<IReadOnlyList<RunSummary>> ListAsync(string? dataset = null, CancellationToken cancellationToken = default)
    {
        await caller.RequireAsync(Policies.Research, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Runs.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(dataset))
        {
            query = query.Where(r => r.Dataset!.Name == dataset);
        }
        var rows = await Summaries(query).ToListAsync(cancellationToken);
        return [.. rows.OrderByDescending(r => r.ImportedAt).ThenByDescending(r => r.Id)];
    }

    public async Task<RunDetail?> GetAsync(int runId, CancellationToken cancellationToken = default)
    {
        await caller.RequireAsync(Policies.Research, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var summary = await Summaries(db.Runs.AsNoTracking().Where(r => r.Id == runId)).FirstOrDefaultAsync(cancellationToken);
        if (summary is null)
        {
            return null;
        }
        var run = await db.Runs.AsNoTracking().Where(r => r.Id == runId)
            .Select(r => new { r.Model!.Provider, r.JudgePromptVersion, r.Temperature, r.Notes, r.SourceFile })
            .SingleAsync(cancellationToken);
        var counts = await db.RunItems.AsNoTracking().Where(i => i.RunId == runId)
            .GroupBy(i => new { i.CategoryId, i.Class })
            .Select(g => new LeaderboardService.CountRow(runId, g.Key.CategoryId, g.Key.Class, g.Count()))
            .ToListAsync(cancellationToken);
        var (total, perCategory) = LeaderboardService.Aggregate(counts);

        var verdicts = await db.RunItems.AsNoTracking().Where(i => i.RunId == runId && i.HumanClass != null)
            .Select(i => new { i.JudgeClass, i.HumanClass })
            .ToListAsync(cancellationToken);
        var agreement = JudgeHumanKappa([.. verdicts.Select(v => (v.JudgeClass, v.HumanClass!.Value))]);

        return new RunDetail(summary, run.Provider, run.JudgePromptVersion, run.Temperature, run.Notes, run.SourceFile,
            ResponseMetrics.Compute(total),
            [.. perCategory.Select(c => new CategoryBreakdown(c.Key, CategoryName(c.Key), ResponseMetrics.Compute(c.Value)))],
            agreement);
    }

    /// <summary>Cohen's κ between judge and human over items with both verdicts (an unjudged judge verdict is no pair).</summary>
    public static JudgeHumanAgreement JudgeHumanKappa(IReadOnlyList<(ResponseClass? Judge, ResponseClass Human)> verdicts)
    {
        var judge = verdicts.Select(v => v.Judge is { } j ? (int?)j : null).ToArray();
        var human = verdicts.Select(v => (int?)v.Human).ToArray();
        var pairs = verdicts.Count(v => v.Judge is not null);
        return new JudgeHumanAgreement(verdicts.Count, pairs, pairs == 0 ? null : CohensKappa.Compute(judge, human));
    }

    public async Task<RunItemPage> GetItemsAsync(int runId, RunItemQuery query, CancellationToken cancellationToken = default)
    {
        await caller.RequireAsync(Policies.Research, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var items = db.RunItems.AsNoTracking().Where(i => i.RunId == runId);
        if (query.Unjudged)
        {
            items = items.Where(i => i.Class == null);
        }
        else if (query.Class is { } cls)
        {
            items = items.Where(i => i.Class == cls);
        }
        if (query.CategoryId is { } category)
        {
            items = items.Where(i => i.CategoryId == category);
        }
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = "%" + EscapeLike(query.Search.Trim()) + "%";
            items = items.Where(i => EF.Functions.Like(i.Query!.Prompt, pattern, "\\") || EF.Functions.Like(i.Response, pattern, "\\"));
        }
        var total = await items.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, 200);
        var rows = await items.OrderBy(i => i.Line)
            .Skip((int)Math.Min(int.MaxValue, (long)Math.Max(0, query.Page) * pageSize)).Take(pageSize)
            .Select(i => new
            {
                i.Id, i.Line, i.QueryId, i.CategoryId, i.Query!.Prompt, i.Response, i.Reasoning, i.JudgeOutput,
                i.JudgeClass, i.HumanClass, i.Class,
                History = i.Overrides.OrderBy(o => o.At).Select(o => new OverrideRecord(o.PreviousClass, o.NewClass, o.Reason, o.ByName, o.At)).ToList(),
            })
            .ToListAsync(cancellationToken);
        return new RunItemPage(
            [.. rows.Select(r => new RunItemRow(r.Id, r.Line, r.QueryId, r.CategoryId, CategoryName(r.CategoryId), r.Prompt, r.Response,
                r.Reasoning, r.JudgeOutput, r.JudgeClass, r.HumanClass, r.Class, r.History))],
            total);
    }

    /// <summary>A Reviewer's verdict on one item, with a reason kept in its history; the leaderboard recomputes.</summary>
    public async Task OverrideAsync(long itemId, ResponseClass verdict, string reason, CancellationToken cancellationToken = default)
    {
        var me = await caller.RequireAsync(Policies.Review, cancellationToken);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("A reason is required.", nameof(reason));
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var item = await db.RunItems.Include(i => i.Run).FirstOrDefaultAsync(i => i.Id == itemId, cancellationToken)
            ?? throw new KeyNotFoundException($"There is no run item {itemId}.");
        var userId = me.Id;
        item.Overrides.Add(new RunItemOverride
        {
            PreviousClass = item.Class,
            NewClass = verdict,
            Reason = reason.Trim(),
            ById = userId is not null && await db.Users.AnyAsync(u => u.Id == userId, cancellationToken) ? userId : null,
            ByName = me.Name,
        });
        item.HumanClass = verdict;
        item.Class = verdict;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await db.BumpRunsVersionAsync(item.Run!.DatasetId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<RunComparison> CompareAsync(int runA, int runB, CancellationToken cancellationToken = default)
    {
        await caller.RequireAsync(Policies.Research, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var summaries = await Summaries(db.Runs.AsNoTracking().Where(r => r.Id == runA || r.Id == runB)).ToListAsync(cancellationToken);
        var a = summaries.FirstOrDefault(s => s.Id == runA) ?? throw new KeyNotFoundException($"There is no run {runA}.");
        var b = summaries.FirstOrDefault(s => s.Id == runB) ?? throw new KeyNotFoundException($"There is no run {runB}.");
        if (a.DatasetId != b.DatasetId)
        {
            throw new InvalidOperationException($"Run {runA} is on '{a.Dataset}' and run {runB} on '{b.Dataset}': only runs on the same dataset can be compared.");
        }
        var itemsA = await db.RunItems.AsNoTracking().Where(i => i.RunId == runA).Select(i => new { i.QueryId, i.Class }).ToDictionaryAsync(i => i.QueryId, i => i.Class, cancellationToken);
        var itemsB = await db.RunItems.AsNoTracking().Where(i => i.RunId == runB).Select(i => new { i.QueryId, i.Class }).ToDictionaryAsync(i => i.QueryId, i => i.Class, cancellationToken);
        var queryIds = itemsA.Keys.Intersect(itemsB.Keys).ToHashSet();
        var prompts = await db.Queries.AsNoTracking().Where(q => q.DatasetId == a.DatasetId)
            .OrderBy(q => q.Ordinal).Select(q => new { q.Id, q.Prompt, q.CategoryId }).ToListAsync(cancellationToken);
        var pairs = prompts.Where(q => queryIds.Contains(q.Id))
            .Select(q => new ComparePair(q.Id, q.Prompt, q.CategoryId, CategoryName(q.CategoryId), itemsA[q.Id], itemsB[q.Id]))
            .ToList();
        var judged = pairs.Where(p => p.A is not null && p.B is not null).ToList();
        var refusedAOnly = judged.Count(p => p.A == ResponseClass.DirectRefusal && p.B != ResponseClass.DirectRefusal);
        var refusedBOnly = judged.Count(p => p.B == ResponseClass.DirectRefusal && p.A != ResponseClass.DirectRefusal);
        return new RunComparison(a, b, pairs, judged.Count, refusedAOnly, refusedBOnly, McNemar.Test(refusedAOnly, refusedBOnly));
    }

    private static IQueryable<RunSummary> Summaries(IQueryable<Run> runs) => runs.Select(r => new RunSummary(
        r.Id, r.Model!.Name, r.Model.OpenWeights, r.Model.Reasoning, r.Dataset!.Name, r.DatasetId, r.JudgeModel, r.RunDate,
        r.Items.Count, r.Items.Count(i => i.Class == null), r.IsSyntheticDemo, r.ImportedAt));

    private static string CategoryName(int id) => CategoryNames.GetValueOrDefault(id, $"Category {id}");

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
