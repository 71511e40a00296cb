using FalseReject.Web.Data.Entities;
using FalseReject.Web.Statistics;

namespace FalseReject.Web.Features.Agreement;

/// <summary>A dataset the agreement page can show, with its number of query-label items that have votes.</summary>
public sealed record AgreementDatasetOption(int Id, string Name, int ItemsWithVotes);

/// <summary>An annotator as the agreement page names them (display name, else user name or e-mail).</summary>
public sealed record AnnotatorRef(string Id, string Name);

/// <summary>The agreement page: the datasets to pick from and, for the picked one, its statistics.</summary>
/// <param name="OpenItemsHidden">The caller annotates the dataset, so the votes of its open items are left out (<see cref="Annotation.VoteVisibility"/>).</param>
public sealed record AgreementView(
    IReadOnlyList<AgreementDatasetOption> Datasets,
    AgreementDatasetOption? Dataset,
    QueryLabelAgreement? Labels,
    IReadOnlyList<RubricAgreement> Rubric,
    bool OpenItemsHidden = false);

/// <summary>
/// Agreement on the query labels (Safe / Unsafe) of one dataset. <see cref="Items"/>,
/// <see cref="Votes"/> and <see cref="Annotators"/> count every item with at least one vote;
/// the coefficients use the items with two or more (the others carry no agreement information).
/// </summary>
public sealed record QueryLabelAgreement(
    int Items,
    int Votes,
    int UnsureVotes,
    IReadOnlyList<AnnotatorRef> Annotators,
    PercentAgreementResult PercentAgreement,
    FleissKappaResult FleissKappa,
    AlphaResult Alpha,
    BootstrapInterval AlphaInterval,
    IReadOnlyList<PairAgreement> Pairs,
    IReadOnlyList<CategoryAgreement> Categories,
    IReadOnlyList<AnnotatorGoldAgreement> WithGold);

/// <summary>Cohen's κ between two annotators; <c>Kappa.N</c> is the number of items both labeled.</summary>
public sealed record PairAgreement(AnnotatorRef A, AnnotatorRef B, KappaResult Kappa);

/// <summary>Which statistic stands for a category on the page.</summary>
public enum CategoryStatistic
{
    /// <summary>Krippendorff's α with its bootstrap interval.</summary>
    Alpha,

    /// <summary>α is undefined (e.g. every vote the same label): the share of unanimous items with its Wilson interval.</summary>
    UnanimousShare,

    /// <summary>Neither is defined: no item of the category has two votes.</summary>
    None,
}

/// <summary>
/// One category's agreement: α (bootstrap interval) when it is defined, otherwise the share of
/// items whose votes are unanimous (Wilson interval); <see cref="Shown"/> says which.
/// </summary>
public sealed record CategoryAgreement(
    int CategoryId,
    string CategoryName,
    int Items,
    int Votes,
    PercentAgreementResult PercentAgreement,
    AlphaResult Alpha,
    BootstrapInterval AlphaInterval,
    Proportion Unanimous,
    CategoryStatistic Shown)
{
    /// <summary>The value drawn for the category (α or the unanimous share); null when <see cref="Shown"/> is None.</summary>
    public double? Value => Shown switch
    {
        CategoryStatistic.Alpha => Alpha.Alpha.Value,
        CategoryStatistic.UnanimousShare => Unanimous.Value,
        _ => null,
    };

    /// <summary>The interval drawn around <see cref="Value"/>, when there is one.</summary>
    public Interval? Interval => Shown switch
    {
        CategoryStatistic.Alpha => AlphaInterval.Interval,
        CategoryStatistic.UnanimousShare => Unanimous.Interval,
        _ => null,
    };

    /// <summary>Why nothing is drawn (Shown = None), or why α gave way to the unanimous share.</summary>
    public string? Note => Shown switch
    {
        CategoryStatistic.Alpha => null,
        _ => "α is undefined: " + Alpha.Alpha.UndefinedReason,
    };
}

/// <summary>
/// An annotator against the gold labels of settled items: accuracy (Wilson interval) and κ.
/// Of the items they voted on, <see cref="Adjudicated"/> were settled by a reviewer and
/// <see cref="ByMajority"/> by a majority of the votes; the rest settled because every vote agreed,
/// where each voter matches gold by construction.
/// </summary>
public sealed record AnnotatorGoldAgreement(AnnotatorRef Annotator, int Votes, int UnsureVotes, Proportion Accuracy, KappaResult Kappa,
    int Adjudicated, int ByMajority);

/// <summary>
/// Agreement on one yes/no question of the response rubric, for one response kind: α and percent
/// agreement as point estimates. No bootstrap interval here: ten of them would cost ten times the
/// headline's (about 0.35 s of the page's load at 1,187 items × 3 annotators) for numbers that only rank questions.
/// </summary>
/// <param name="Key">The rubric's URL key, e.g. <c>instruct.0</c> (see <see cref="RubricKey"/>).</param>
public sealed record RubricAgreement(
    string Key,
    string Response,
    string Question,
    int Items,
    int Votes,
    int Annotators,
    PercentAgreementResult PercentAgreement,
    AlphaResult Alpha);

/// <summary>The rubric questions the page reports, addressed as <c>instruct.N</c> / <c>cot.N</c> with N the question (0–4).</summary>
public readonly record struct RubricKey(bool Cot, int Question)
{
    public const string Instruct = "instruct";
    public const string CotName = "cot";

    public static IReadOnlyList<RubricKey> All { get; } =
        [.. Enumerable.Range(0, 5).Select(q => new RubricKey(false, q)), .. Enumerable.Range(0, 5).Select(q => new RubricKey(true, q))];

    public string ResponseName => Cot ? "CoT response" : "Instruct response";

    public override string ToString() => $"{(Cot ? CotName : Instruct)}.{Question}";

    public static RubricKey? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var parts = text.Split('.');
        if (parts.Length != 2 || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int q) || q is < 0 or > 4)
        {
            return null;
        }
        return parts[0] switch
        {
            Instruct => new RubricKey(false, q),
            CotName => new RubricKey(true, q),
            _ => null,
        };
    }
}

/// <summary>
/// Which items stand behind a number of the agreement page: the query parameters of
/// <c>/agreement/items</c>. Filters combine (all must hold).
/// </summary>
/// <param name="Dataset">The dataset's name.</param>
/// <param name="Category">Only this category.</param>
/// <param name="Annotator">Only items this user voted on (with <paramref name="Settled"/>: the items behind their agreement with gold).</param>
/// <param name="PairA">With <paramref name="PairB"/>: only items both users labeled (the items behind their κ).</param>
/// <param name="Rubric">A response-review question (e.g. <c>cot.4</c>); without it, query-label items.</param>
/// <param name="Settled">Only settled items with a gold label.</param>
public sealed record AgreementItemsFilter(
    string Dataset,
    int? Category = null,
    string? Annotator = null,
    string? PairA = null,
    string? PairB = null,
    string? Rubric = null,
    bool Settled = false)
{
    /// <summary>The URL of the items page for this filter.</summary>
    public string ToUrl()
    {
        var query = new List<string> { "dataset=" + Uri.EscapeDataString(Dataset) };
        if (Category is { } category)
        {
            query.Add("category=" + category.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (Annotator is not null)
        {
            query.Add("annotator=" + Uri.EscapeDataString(Annotator));
        }
        if (PairA is not null && PairB is not null)
        {
            query.Add("pair=" + Uri.EscapeDataString(PairA) + "," + Uri.EscapeDataString(PairB));
        }
        if (Rubric is not null)
        {
            query.Add("rubric=" + Uri.EscapeDataString(Rubric));
        }
        if (Settled)
        {
            query.Add("settled=true");
        }
        return "agreement/items?" + string.Join('&', query);
    }

    /// <summary>The filter from the items page's query string; <c>pair</c> is two user ids separated by a comma.</summary>
    public static AgreementItemsFilter Parse(string? dataset, int? category, string? annotator, string? pair, string? rubric, bool? settled)
    {
        string? a = null, b = null;
        if (!string.IsNullOrWhiteSpace(pair) && pair.Split(',') is [var first, var second] && first.Length > 0 && second.Length > 0)
        {
            (a, b) = (first, second);
        }
        return new AgreementItemsFilter(dataset ?? "", category, string.IsNullOrWhiteSpace(annotator) ? null : annotator, a, b,
            string.IsNullOrWhiteSpace(rubric) ? null : rubric, settled ?? false);
    }
}

/// <summary>The items page: what the filter means in words, and the items.</summary>
/// <param name="OpenItemsHidden">The caller annotates the dataset, so its open items are left out (<see cref="Annotation.VoteVisibility"/>).</param>
public sealed record AgreementItemsView(AgreementItemsFilter Filter, string Description, IReadOnlyList<AgreementItemRow> Items, string? Problem,
    bool OpenItemsHidden = false);

/// <summary>A vote on a listed item: who, what (the label or the rubric question's answer), whether unsure.</summary>
public sealed record ItemVote(AnnotatorRef Annotator, string Answer, bool Unsure);

/// <summary>One item behind a number: its prompt (plain text), category, status, gold label and votes.</summary>
public sealed record AgreementItemRow(
    long ItemId,
    int QueryId,
    int Ordinal,
    string Prompt,
    int CategoryId,
    string CategoryName,
    AnnotationItemStatus Status,
    string? Gold,
    SettlementKind? SettlementKind,
    IReadOnlyList<(string Answer, int Count)> Tally,
    IReadOnlyList<ItemVote> Votes)
{
    public int UnsureVotes => Votes.Count(v => v.Unsure);

    /// <summary>True when the votes do not all give the same answer.</summary>
    public bool Split => Tally.Count(t => t.Count > 0) > 1;

    public string ReviewUrl => $"review/items/{ItemId}";
}
