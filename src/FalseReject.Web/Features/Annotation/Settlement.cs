using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Features.Annotation;

/// <summary>One submitted vote as settlement sees it.</summary>
public sealed record SettlementVote(QueryLabel? Label, string? RubricJson, bool Unsure);

/// <summary>The outcome of an item that has all its votes.</summary>
public sealed record SettlementDecision(AnnotationItemStatus Status, QueryLabel? GoldLabel, string? GoldRubricJson);

/// <summary>
/// The automatic settlement rule, applied when an item has its N votes (and again when one of
/// them is edited):
/// <list type="bullet">
/// <item>Query label: settled (<see cref="SettlementKind.Unanimous"/>) when all N labels agree and
/// no vote is marked unsure; otherwise disputed, for a reviewer to adjudicate.</item>
/// <item>Response review: settled when no vote is unsure and all N votes give the same yes/no
/// answers (the four parts and "stays safe", per response kind). Helpfulness is a 1–5 scale, so
/// differences there do not dispute an item: the gold rubric carries the mean helpfulness,
/// rounded half away from zero. Otherwise disputed.</item>
/// </list>
/// </summary>
public static class Settlement
{
    public static SettlementDecision Decide(AnnotationTaskType task, IReadOnlyList<SettlementVote> votes)
    {
        if (votes.Count == 0 || votes.Any(v => v.Unsure))
        {
            return Disputed;
        }

        if (task == AnnotationTaskType.QueryLabel)
        {
            var first = votes[0].Label;
            return first is not null && votes.All(v => v.Label == first)
                ? new SettlementDecision(AnnotationItemStatus.Settled, first, null)
                : Disputed;
        }

        var rubrics = votes.Select(v => ResponseRubric.FromJson(v.RubricJson)).ToList();
        if (rubrics.Any(r => r is null) || !rubrics.Skip(1).All(r => r!.AgreesWith(rubrics[0]!)))
        {
            return Disputed;
        }
        var gold = new ResponseRubric(
            Merge(rubrics.Select(r => r!.Instruct).ToList()),
            Merge(rubrics.Select(r => r!.Cot).ToList()));
        return new SettlementDecision(AnnotationItemStatus.Settled, null, gold.ToJson());
    }

    private static readonly SettlementDecision Disputed = new(AnnotationItemStatus.Disputed, null, null);

    private static ResponseAssessment? Merge(IReadOnlyList<ResponseAssessment?> assessments) =>
        assessments[0] is not { } first
            ? null
            : first with { Helpfulness = (int)Math.Round(assessments.Average(a => a!.Helpfulness), MidpointRounding.AwayFromZero) };
}
