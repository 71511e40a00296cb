using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;

namespace FalseReject.Web.Tests.Review;

/// <summary>The settlement rule with the dataset's majority option.</summary>
public sealed class MajoritySettlementTests
{
    private static readonly ResponseAssessment Good = new(true, true, true, true, true, 4);

    private static SettlementVote V(QueryLabel label, bool unsure = false) => new(label, null, unsure);

    private static SettlementVote R(ResponseRubric rubric, bool unsure = false) => new(null, rubric.ToJson(), unsure);

    [Fact]
    public void AStrictMajorityOfThree_SettlesAsMajority_OnlyWhenAccepted()
    {
        SettlementVote[] votes = [V(QueryLabel.Safe), V(QueryLabel.Unsafe), V(QueryLabel.Safe)];
        var accepted = Settlement.Decide(AnnotationTaskType.QueryLabel, votes, acceptMajority: true);
        Assert.Equal((AnnotationItemStatus.Settled, QueryLabel.Safe, SettlementKind.Majority), (accepted.Status, accepted.GoldLabel!.Value, accepted.Kind!.Value));
        Assert.Equal(AnnotationItemStatus.Disputed, Settlement.Decide(AnnotationTaskType.QueryLabel, votes).Status);
    }

    [Fact]
    public void Unanimity_IsStillUnanimous_WhenMajoritiesAreAccepted()
    {
        var decision = Settlement.Decide(AnnotationTaskType.QueryLabel, [V(QueryLabel.Unsafe), V(QueryLabel.Unsafe), V(QueryLabel.Unsafe)], acceptMajority: true);
        Assert.Equal(SettlementKind.Unanimous, decision.Kind);
    }

    [Fact]
    public void AnyUnsureVote_DisputesTheItem_EvenWithAMajority()
    {
        var decision = Settlement.Decide(AnnotationTaskType.QueryLabel,
            [V(QueryLabel.Safe), V(QueryLabel.Safe), V(QueryLabel.Unsafe, unsure: true)], acceptMajority: true);
        Assert.Equal(AnnotationItemStatus.Disputed, decision.Status);
        Assert.Null(decision.Kind);
    }

    [Fact]
    public void ATie_IsNoMajority()
    {
        var decision = Settlement.Decide(AnnotationTaskType.QueryLabel,
            [V(QueryLabel.Safe), V(QueryLabel.Safe), V(QueryLabel.Unsafe), V(QueryLabel.Unsafe)], acceptMajority: true);
        Assert.Equal(AnnotationItemStatus.Disputed, decision.Status);
        var three = Settlement.Decide(AnnotationTaskType.QueryLabel,
            [V(QueryLabel.Safe), V(QueryLabel.Safe), V(QueryLabel.Safe), V(QueryLabel.Unsafe)], acceptMajority: true);
        Assert.Equal((QueryLabel.Safe, SettlementKind.Majority), (three.GoldLabel!.Value, three.Kind!.Value));
    }

    [Fact]
    public void TwoVotes_NeverSettleByMajority()
    {
        Assert.Equal(AnnotationItemStatus.Disputed,
            Settlement.Decide(AnnotationTaskType.QueryLabel, [V(QueryLabel.Safe), V(QueryLabel.Unsafe)], acceptMajority: true).Status);
    }

    [Fact]
    public void ResponseReviews_SettleOnTheMajoritysYesNoAnswers_WithTheMajoritysMeanHelpfulness()
    {
        var a = new ResponseRubric(Good with { Helpfulness = 5 }, null);
        var b = new ResponseRubric(Good with { Helpfulness = 2 }, null);
        var dissent = new ResponseRubric(Good with { StaysSafe = false, Helpfulness = 1 }, null);

        var decision = Settlement.Decide(AnnotationTaskType.ResponseReview, [R(a), R(dissent), R(b)], acceptMajority: true);

        Assert.Equal(SettlementKind.Majority, decision.Kind);
        var gold = ResponseRubric.FromJson(decision.GoldRubricJson)!;
        Assert.True(gold.Instruct!.StaysSafe);
        Assert.Equal(4, gold.Instruct.Helpfulness); // (5 + 2) / 2 = 3.5, rounded away from zero; the dissenting 1 does not count
        Assert.Equal(AnnotationItemStatus.Disputed,
            Settlement.Decide(AnnotationTaskType.ResponseReview, [R(a), R(dissent), R(b)]).Status);
    }

    [Fact]
    public void ThreeDifferentRubrics_HaveNoMajority()
    {
        var decision = Settlement.Decide(AnnotationTaskType.ResponseReview,
            [R(new(Good, null)), R(new(Good with { StaysSafe = false }, null)), R(new(Good with { ClosingStatement = false }, null))], acceptMajority: true);
        Assert.Equal(AnnotationItemStatus.Disputed, decision.Status);
    }
}
