using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;
using FalseReject.Web.Security;
using FalseReject.Web.Statistics;

namespace FalseReject.Web.Features.Agreement;

/// <summary>
/// Inter-annotator agreement of a dataset, computed from the stored votes with the pure functions
/// of <c>Statistics/</c>: query labels (percent agreement, Fleiss' κ, Krippendorff's α with a
/// seeded bootstrap interval, Cohen's κ per annotator pair, per category, per annotator against
/// gold) and each yes/no question of the response rubric. It also lists the items behind each
/// number. Agreement exposes everybody's votes, so every call checks that the caller is a
/// reviewer or researcher (the Review or Research policy); annotators are refused, and a reviewer
/// who also annotates the dataset gets neither numbers nor items from its open items
/// (<see cref="VoteVisibility"/>).
/// </summary>
public sealed class AgreementService(IDbContextFactory<AppDbContext> dbFactory, ICurrentCaller caller)
{
    /// <summary>How Unsure votes are treated (shown on the page).</summary>
    public const string UnsurePolicy =
        "An Unsure vote still counts with its label in every coefficient: the annotator chose that label. The flag is counted " +
        "and shown (overall, per annotator, per item), and it keeps an item from settling automatically, so a reviewer sees it.";

    /// <summary>Why helpfulness has no row in the rubric table (shown on the page).</summary>
    public const string HelpfulnessSkipped =
        "Helpfulness (1–5) is not reported: it is an ordinal scale, and nominal α would count 4 against 5 as a full disagreement, " +
        "like 1 against 5. Settlement treats it as a scale too (the gold rubric carries the mean).";

    /// <summary>The bootstrap behind every interval on the page: 1,000 resamples, a fixed seed, 95%.</summary>
    public static BootstrapOptions Bootstrap { get; } = BootstrapOptions.Default;

    private const string NoUnanimityItems = "no item of this category has two or more votes";

    /// <summary>The datasets, each with the number of its query-label items that have votes.</summary>
    public async Task<IReadOnlyList<AgreementDatasetOption>> ListDatasetsAsync(CancellationToken cancellationToken = default)
    {
        await caller.RequireAsync(Policies.Research, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ListDatasetsAsync(db, cancellationToken);
    }

    /// <summary>
    /// The agreement page for <paramref name="datasetName"/>; without a name (or with an unknown
    /// one) the first dataset that has votes, else the first dataset. Dataset is null when there is none.
    /// </summary>
    public async Task<AgreementView> GetAsync(string? datasetName, CancellationToken cancellationToken = default)
    {
        var me = await caller.RequireAsync(Policies.Research, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var datasets = await ListDatasetsAsync(db, cancellationToken);
        var dataset = datasets.FirstOrDefault(d => d.Name == datasetName)
            ?? datasets.FirstOrDefault(d => d.ItemsWithVotes > 0)
            ?? datasets.FirstOrDefault();
        if (dataset is null)
        {
            return new AgreementView(datasets, null, null, []);
        }

        // Every vote of the dataset the caller may see, with what the statistics need of its item, in one query.
        // Ordered, so that the rating tables (and so the bootstrap's draws) are the same on every load.
        var visibility = await VoteVisibility.ForAsync(db, me, dataset.Id, cancellationToken);
        var votes = await visibility.Shown(db.AnnotationVotes.AsNoTracking())
            .Where(v => v.Item!.DatasetId == dataset.Id)
            .OrderBy(v => v.ItemId).ThenBy(v => v.AnnotatorId)
            .Select(v => new VoteRow(v.ItemId, v.Item!.TaskType, v.Item.CategoryId, v.Item.Status, v.Item.GoldLabel, v.Item.SettlementKind,
                v.AnnotatorId, v.Label, v.RubricJson, v.Unsure))
            .ToListAsync(cancellationToken);
        var names = await AnnotatorNamesAsync(db, votes.Select(v => v.AnnotatorId), cancellationToken);
        var categories = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);

        var labelVotes = votes.Where(v => v.TaskType == AnnotationTaskType.QueryLabel && v.Label is not null).ToList();
        var labels = labelVotes.Count == 0 ? null : ComputeQueryLabels(labelVotes, names, categories);
        var rubric = ComputeRubric(votes.Where(v => v.TaskType == AnnotationTaskType.ResponseReview && v.RubricJson is not null).ToList());
        return new AgreementView(datasets, dataset, labels, rubric, visibility.HidesOpenItems);
    }

    /// <summary>The items behind a number of the agreement page, in dataset order.</summary>
    public async Task<AgreementItemsView> GetItemsAsync(AgreementItemsFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var me = await caller.RequireAsync(Policies.Research, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var dataset = await db.Datasets.AsNoTracking().Where(d => d.Name == filter.Dataset).Select(d => new { d.Id, d.Name }).FirstOrDefaultAsync(cancellationToken);
        if (dataset is null)
        {
            return new AgreementItemsView(filter, "", [], $"There is no dataset named '{filter.Dataset}'.");
        }
        RubricKey? rubric = null;
        if (filter.Rubric is not null)
        {
            rubric = RubricKey.Parse(filter.Rubric);
            if (rubric is null)
            {
                return new AgreementItemsView(filter, "", [],
                    $"'{filter.Rubric}' is not a rubric question: use instruct.0 … instruct.4 or cot.0 … cot.4.");
            }
        }

        var task = rubric is null ? AnnotationTaskType.QueryLabel : AnnotationTaskType.ResponseReview;
        var visibility = await VoteVisibility.ForAsync(db, me, dataset.Id, cancellationToken);
        var items = visibility.Shown(db.AnnotationItems.AsNoTracking()).Where(i => i.DatasetId == dataset.Id && i.TaskType == task && i.Votes.Any());
        if (filter.Category is { } category)
        {
            items = items.Where(i => i.CategoryId == category);
        }
        if (filter.Annotator is { } annotator)
        {
            items = items.Where(i => i.Votes.Any(v => v.AnnotatorId == annotator));
        }
        if (filter is { PairA: { } a, PairB: { } b })
        {
            items = items.Where(i => i.Votes.Any(v => v.AnnotatorId == a) && i.Votes.Any(v => v.AnnotatorId == b));
        }
        if (filter.Settled)
        {
            items = rubric is null
                ? items.Where(i => i.Status == AnnotationItemStatus.Settled && i.GoldLabel != null)
                : items.Where(i => i.Status == AnnotationItemStatus.Settled && i.GoldRubricJson != null);
        }
        var loaded = await items.OrderBy(i => i.Ordinal)
            .Select(i => new
            {
                i.Id,
                i.QueryId,
                i.Ordinal,
                i.Query!.Prompt,
                i.CategoryId,
                i.Status,
                i.GoldLabel,
                i.GoldRubricJson,
                i.SettlementKind,
                Votes = i.Votes.OrderBy(v => v.AnnotatorId).Select(v => new { v.AnnotatorId, v.Label, v.RubricJson, v.Unsure }).ToList(),
            })
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        var names = await AnnotatorNamesAsync(db, loaded.SelectMany(i => i.Votes.Select(v => v.AnnotatorId)), cancellationToken);
        var categories = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);

        var rows = new List<AgreementItemRow>(loaded.Count);
        foreach (var item in loaded)
        {
            var answers = new List<ItemVote>(item.Votes.Count);
            foreach (var vote in item.Votes)
            {
                string? answer = rubric is { } key
                    ? Assessment(ResponseRubric.FromJson(vote.RubricJson), key) is { } assessment ? YesNo(assessment.Answer(key.Question)) : null
                    : vote.Label?.ToString();
                if (answer is not null)
                {
                    answers.Add(new ItemVote(names[vote.AnnotatorId], answer, vote.Unsure));
                }
            }
            // The numbers count only the votes that answer the question (a rubric vote on a query
            // without that response kind does not), and a pair only where both answered.
            if (answers.Count == 0
                || (filter.Annotator is { } who && !answers.Any(v => v.Annotator.Id == who))
                || (filter is { PairA: { } pa, PairB: { } pb } && !(answers.Any(v => v.Annotator.Id == pa) && answers.Any(v => v.Annotator.Id == pb))))
            {
                continue;
            }
            string[] options = rubric is null ? [nameof(QueryLabel.Safe), nameof(QueryLabel.Unsafe)] : ["Yes", "No"];
            var tally = options.Select(o => (o, answers.Count(v => v.Answer == o))).ToList();
            string? gold = rubric is { } k
                ? Assessment(ResponseRubric.FromJson(item.GoldRubricJson), k) is { } g ? YesNo(g.Answer(k.Question)) : null
                : item.GoldLabel?.ToString();
            rows.Add(new AgreementItemRow(item.Id, item.QueryId, item.Ordinal, item.Prompt, item.CategoryId,
                categories.GetValueOrDefault(item.CategoryId, "unknown category"), item.Status, gold, item.SettlementKind, tally, answers));
        }
        return new AgreementItemsView(filter, Describe(filter, dataset.Name, rubric, names, categories), rows, null, visibility.HidesOpenItems);
    }

    private static QueryLabelAgreement ComputeQueryLabels(
        List<VoteRow> votes, IReadOnlyDictionary<string, AnnotatorRef> names, IReadOnlyDictionary<int, string> categories)
    {
        // Raters in name order, so the heatmap's rows and the pair list read alphabetically.
        var builder = new RatingTableBuilder<long, string>();
        var raters = votes.Select(v => v.AnnotatorId).Distinct().Select(id => names[id])
            .OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        foreach (var rater in raters)
        {
            builder.AddRater(rater.Id);
        }
        var itemInfo = new Dictionary<long, VoteRow>();
        foreach (var vote in votes)
        {
            builder.Add(vote.ItemId, vote.AnnotatorId, (int)vote.Label!.Value);
            itemInfo.TryAdd(vote.ItemId, vote);
        }
        var table = builder.Build();
        var report = Statistics.Agreement.Compute(table, Bootstrap);

        var pairs = report.PairwiseKappa.Pairs().Select(p => new PairAgreement(raters[p.A], raters[p.B], p.Kappa)).ToList();

        // Per category: the rows of the category's items.
        var byCategory = new SortedDictionary<int, List<int>>();
        for (int item = 0; item < table.ItemCount; item++)
        {
            int category = itemInfo[builder.Items[item]].CategoryId;
            if (!byCategory.TryGetValue(category, out var list))
            {
                byCategory[category] = list = [];
            }
            list.Add(item);
        }
        var perCategory = byCategory.Select(entry =>
        {
            var sub = table.SelectItems(entry.Value.ToArray());
            var counts = sub.CountByItem();
            var percent = Statistics.Agreement.PercentAgreement(counts);
            var alpha = KrippendorffAlpha.Compute(counts);
            var interval = KrippendorffAlpha.Bootstrap(counts, Bootstrap);
            var unanimous = Proportion.Of(percent.UnanimousItems, percent.Items, undefinedReason: NoUnanimityItems);
            var shown = alpha.Alpha.IsDefined ? CategoryStatistic.Alpha
                : unanimous.IsDefined ? CategoryStatistic.UnanimousShare
                : CategoryStatistic.None;
            return new CategoryAgreement(entry.Key, categories.GetValueOrDefault(entry.Key, "unknown category"), sub.ItemCount, sub.RatingCount,
                percent, alpha, interval, unanimous, shown);
        }).ToList();

        // Against gold: settled items only (an open or disputed item has no gold label yet).
        var gold = new int?[table.ItemCount];
        var kind = new SettlementKind?[table.ItemCount];
        for (int item = 0; item < table.ItemCount; item++)
        {
            var info = itemInfo[builder.Items[item]];
            if (info.Status == AnnotationItemStatus.Settled && info.GoldLabel is { } label)
            {
                gold[item] = (int)label;
                kind[item] = info.SettlementKind;
            }
        }
        var withGold = Statistics.Agreement.WithGold(table, gold);
        var votesBy = votes.GroupBy(v => v.AnnotatorId).ToDictionary(g => g.Key, g => (Votes: g.Count(), Unsure: g.Count(v => v.Unsure)));
        var perAnnotator = withGold.Select(g =>
        {
            int adjudicatedCount = 0, majorityCount = 0;
            for (int item = 0; item < table.ItemCount; item++)
            {
                if (table[item, g.Rater] == RatingTable.Missing)
                {
                    continue;
                }
                adjudicatedCount += kind[item] == SettlementKind.Adjudicated ? 1 : 0;
                majorityCount += kind[item] == SettlementKind.Majority ? 1 : 0;
            }
            var rater = raters[g.Rater];
            return new AnnotatorGoldAgreement(rater, votesBy[rater.Id].Votes, votesBy[rater.Id].Unsure, g.Accuracy, g.Kappa,
                adjudicatedCount, majorityCount);
        }).ToList();

        return new QueryLabelAgreement(
            table.ItemCount,
            table.RatingCount,
            votes.Count(v => v.Unsure),
            raters,
            report.PercentAgreement,
            report.FleissKappa,
            report.Alpha,
            report.AlphaInterval!,
            pairs,
            perCategory,
            perAnnotator);
    }

    private static List<RubricAgreement> ComputeRubric(List<VoteRow> votes)
    {
        if (votes.Count == 0)
        {
            return [];
        }
        var rubrics = votes.Select(v => (v.ItemId, v.AnnotatorId, Rubric: ResponseRubric.FromJson(v.RubricJson))).ToList();
        var result = new List<RubricAgreement>();
        foreach (var key in RubricKey.All)
        {
            var builder = new RatingTableBuilder<long, string>();
            foreach (var (itemId, annotatorId, rubric) in rubrics)
            {
                if (Assessment(rubric, key) is { } assessment)
                {
                    builder.Add(itemId, annotatorId, assessment.Answer(key.Question) ? 1 : 0);
                }
            }
            var table = builder.Build();
            if (table.ItemCount == 0)
            {
                continue;
            }
            var counts = table.CountByItem();
            result.Add(new RubricAgreement(
                key.ToString(),
                key.ResponseName,
                ResponseAssessment.Questions[key.Question],
                table.ItemCount,
                table.RatingCount,
                table.RaterCount,
                Statistics.Agreement.PercentAgreement(counts),
                KrippendorffAlpha.Compute(counts)));
        }
        return result;
    }

    private static ResponseAssessment? Assessment(ResponseRubric? rubric, RubricKey key) => key.Cot ? rubric?.Cot : rubric?.Instruct;

    private static string YesNo(bool answer) => answer ? "Yes" : "No";

    private static string Describe(AgreementItemsFilter filter, string dataset, RubricKey? rubric,
        IReadOnlyDictionary<string, AnnotatorRef> names, IReadOnlyDictionary<int, string> categories)
    {
        string Name(string id) => names.TryGetValue(id, out var r) ? r.Name : id;
        var parts = new List<string>
        {
            rubric is { } key ? $"{key.ResponseName}: “{ResponseAssessment.Questions[key.Question]}” in {dataset}" : $"Query labels in {dataset}",
        };
        if (filter.Category is { } category)
        {
            parts.Add($"category {category} · {categories.GetValueOrDefault(category, "unknown category")}");
        }
        if (filter.Annotator is { } annotator)
        {
            parts.Add($"items {Name(annotator)} answered");
        }
        if (filter is { PairA: { } a, PairB: { } b })
        {
            parts.Add($"items both {Name(a)} and {Name(b)} answered");
        }
        if (filter.Settled)
        {
            parts.Add("settled items with a gold label");
        }
        return string.Join(" · ", parts);
    }

    private static async Task<List<AgreementDatasetOption>> ListDatasetsAsync(AppDbContext db, CancellationToken cancellationToken) =>
        await db.Datasets.AsNoTracking().OrderBy(d => d.Name)
            .Select(d => new AgreementDatasetOption(d.Id, d.Name,
                db.AnnotationItems.Count(i => i.DatasetId == d.Id && i.TaskType == AnnotationTaskType.QueryLabel && i.Votes.Any())))
            .ToListAsync(cancellationToken);

    /// <summary>Each annotator id's name: the display name, else the user name, else the e-mail, else the id.</summary>
    private static async Task<Dictionary<string, AnnotatorRef>> AnnotatorNamesAsync(AppDbContext db, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var distinct = ids.Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => distinct.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.UserName, u.Email })
            .ToListAsync(cancellationToken);
        var result = users.ToDictionary(u => u.Id, u => new AnnotatorRef(u.Id, FirstNonBlank(u.DisplayName, u.UserName, u.Email) ?? u.Id));
        foreach (var id in distinct)
        {
            result.TryAdd(id, new AnnotatorRef(id, id));
        }
        return result;
    }

    private static string? FirstNonBlank(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    private sealed record VoteRow(
        long ItemId,
        AnnotationTaskType TaskType,
        int CategoryId,
        AnnotationItemStatus Status,
        QueryLabel? GoldLabel,
        SettlementKind? SettlementKind,
        string AnnotatorId,
        QueryLabel? Label,
        string? RubricJson,
        bool Unsure);
}
