using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Security;

namespace FalseReject.Web.Features.Annotation;

/// <summary>
/// Blindness outside the annotator's own pages: nobody sees the votes (labels, rubric answers,
/// comments, counts per label) of an item they may still be asked to annotate. A caller who can
/// annotate a dataset (the Annotator role, and the dataset has no allow-list or lists them) is
/// shown none of the votes of its <see cref="AnnotationItemStatus.Open"/> items; disputed and
/// settled items have all their votes and are never served again, so theirs stay visible, and a
/// reviewer who does not annotate the dataset may watch its open items fill up. The review views,
/// the agreement page and items, and the full export all ask this one place.
/// </summary>
/// <param name="DatasetId">The dataset this answer is about.</param>
/// <param name="HidesOpenItems">True when the caller may annotate the dataset, so its open items' votes are hidden from them.</param>
public sealed record VoteVisibility(int DatasetId, bool HidesOpenItems)
{
    /// <summary>The sentence the pages show when open items were left out.</summary>
    public const string OpenItemsHiddenNote =
        "Items still collecting votes are left out: you annotate this dataset, and nobody sees the votes of an item they may still be asked to annotate.";

    /// <summary>What the caller's rights and the dataset's allow-list say about the votes of <paramref name="datasetId"/>'s open items.</summary>
    public static async Task<VoteVisibility> ForAsync(AppDbContext db, Caller caller, int datasetId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(caller);
        // Annotating needs an account (the CLI's operator has none) and the Annotate policy.
        var mayAnnotate = caller.Id is { } me && caller.Satisfies(Policies.Annotate)
            && !await AnnotationService.IsExcludedAsync(db, datasetId, me, cancellationToken);
        return new VoteVisibility(datasetId, mayAnnotate);
    }

    /// <summary>Whether the votes of an item of this dataset in <paramref name="status"/> are hidden from the caller.</summary>
    public bool Hides(AnnotationItemStatus? status) => HidesOpenItems && status == AnnotationItemStatus.Open;

    /// <summary><paramref name="items"/> without the ones whose votes are hidden from the caller.</summary>
    public IQueryable<AnnotationItem> Shown(IQueryable<AnnotationItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var datasetId = DatasetId;
        return HidesOpenItems ? items.Where(i => i.DatasetId != datasetId || i.Status != AnnotationItemStatus.Open) : items;
    }

    /// <summary><paramref name="votes"/> without the ones hidden from the caller.</summary>
    public IQueryable<AnnotationVote> Shown(IQueryable<AnnotationVote> votes)
    {
        ArgumentNullException.ThrowIfNull(votes);
        var datasetId = DatasetId;
        return HidesOpenItems ? votes.Where(v => v.Item!.DatasetId != datasetId || v.Item.Status != AnnotationItemStatus.Open) : votes;
    }
}
