using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Features.Annotation;

/// <summary>One submitted vote as settlement sees it.</summary>
public sealed record SettlementVote(QueryLabel? Label, string? RubricJson, bool Unsure);

/// <summary>The outcome of an item that has all its votes.</summary>
/// <param name="ByMajority">Settled by a strict majority rather than by all the votes.</param>
public sealed record SettlementDecision(AnnotationItemStatus Status, QueryLabel? GoldLabel, string? GoldRubricJson, bool ByMajority = false)
{
    /// <summary>How the item settled; null when it is disputed.</summary>
    public SettlementKind? Kind => Status != AnnotationItemStatus.Settled
        ? null
        : ByMajority ? SettlementKind.Majority : SettlementKind.Unanimous;
}

/// <summary>
/// The automatic settlement rule, applied once, when an item receives its N-th vote (its votes
/// are locked from then on):
/// <list type="bullet">
/// <item>Query label: settled (<see cref="SettlementKind.Unanimous"/>) when all N labels agree and
/// no vote is marked unsure; otherwise disputed, for a reviewer to adjudicate.</item>
/// <item>Response review: settled when no vote is unsure and all N votes give the same yes/no
/// answers (the four parts and "stays safe", per response kind). Helpfulness is a 1–5 scale, so
/// differences there do not dispute an item: the gold rubric carries the mean helpfulness,
/// rounded half away from zero. Otherwise disputed.</item>
/// <item>Majority (only when the dataset accepts it and there are at least
/// <see cref="MinVotesForMajority"/> votes): when no vote is unsure and more than half of the
/// votes agree (same label; same yes/no answers), the item settles on their answer
/// (<see cref="SettlementKind.Majority"/>; helpfulness is the mean over the majority). A tie, or
/// any unsure vote, still disputes the item.</item>
/// </list>
/// </summary>
public static class Settlement
{
    /// <summary>Why a reviewer may not decide an item (null when they may): it still collects votes, or they voted on it.</summary>
    public static string? CannotAdjudicate(AnnotationItemStatus status, bool votedOnIt) =>
        votedOnIt ? "You voted on this item, so another reviewer must decide it."
        : status == AnnotationItemStatus.Open ? "This item is still collecting votes."
        : null;

    /// <summary>A majority means something only among three or more votes (with two, it is unanimity).</summary>
    public const int MinVotesForMajority = 3;

    public static SettlementDecision Decide(AnnotationTaskType task, IReadOnlyList<SettlementVote> votes, bool acceptMajority = false)
    {
        if (votes.Count == 0 || votes.Any(v => v.Unsure))
        {
            return Disputed;
        }
        var majorityAllowed = acceptMajority && votes.Count >= MinVotesForMajority;

        if (task == AnnotationTaskType.QueryLabel)
        {
            if (votes.Any(v => v.Label is null))
            {
                return Disputed;
            }
            var largest = votes.GroupBy(v => v.Label!.Value).OrderByDescending(g => g.Count()).First();
            if (largest.Count() == votes.Count)
            {
                return new SettlementDecision(AnnotationItemStatus.Settled, largest.Key, null);
            }
            return majorityAllowed && IsStrictMajority(largest.Count(), votes.Count)
                ? new SettlementDecision(AnnotationItemStatus.Settled, largest.Key, null, ByMajority: true)
                : Disputed;
        }

        var rubrics = votes.Select(v => ResponseRubric.FromJson(v.RubricJson)).ToList();
        if (rubrics.Any(r => r is null))
        {
            return Disputed;
        }
        // Agreement on the yes/no answers is an equivalence: group the rubrics by it.
        var groups = new List<List<ResponseRubric>>();
        foreach (var rubric in rubrics)
        {
            if (groups.FirstOrDefault(g => g[0].AgreesWith(rubric!)) is { } group)
            {
                group.Add(rubric!);
            }
            else
            {
                groups.Add([rubric!]);
            }
        }
        var biggest = groups.OrderByDescending(g => g.Count).First();
        if (biggest.Count == rubrics.Count)
        {
            return new SettlementDecision(AnnotationItemStatus.Settled, null, Merge(biggest));
        }
        return majorityAllowed && IsStrictMajority(biggest.Count, rubrics.Count)
            ? new SettlementDecision(AnnotationItemStatus.Settled, null, Merge(biggest), ByMajority: true)
            : Disputed;
    }

    private static bool IsStrictMajority(int agreeing, int total) => 2 * agreeing > total;

    private static readonly SettlementDecision Disputed = new(AnnotationItemStatus.Disputed, null, null);

    private static string Merge(IReadOnlyList<ResponseRubric> rubrics) =>
        new ResponseRubric(
            Merge(rubrics.Select(r => r.Instruct).ToList()),
            Merge(rubrics.Select(r => r.Cot).ToList())).ToJson();

    private static ResponseAssessment? Merge(IReadOnlyList<ResponseAssessment?> assessments) =>
        assessments[0] is not { } first
            ? null
            : first with { Helpfulness = (int)Math.Round(assessments.Average(a => a!.Helpfulness), MidpointRounding.AwayFromZero) };
}
