using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;

namespace FalseReject.Web.Tests.Annotation;

public sealed class SettlementTests
{
    private static readonly ResponseAssessment Good = new(true, true, true, true, true, 4);

    [Fact]
    public void QueryLabels_SettleOnlyWhenAllAgreeAndNoneIsUnsure()
    {
        SettlementVote Vote(QueryLabel l, bool unsure = false) => new(l, null, unsure);
        Assert.Equal(new SettlementDecision(AnnotationItemStatus.Settled, QueryLabel.Unsafe, null),
            Settlement.Decide(AnnotationTaskType.QueryLabel, [Vote(QueryLabel.Unsafe), Vote(QueryLabel.Unsafe), Vote(QueryLabel.Unsafe)]));
        Assert.Equal(AnnotationItemStatus.Disputed,
            Settlement.Decide(AnnotationTaskType.QueryLabel, [Vote(QueryLabel.Safe), Vote(QueryLabel.Unsafe)]).Status);
        Assert.Equal(AnnotationItemStatus.Disputed,
            Settlement.Decide(AnnotationTaskType.QueryLabel, [Vote(QueryLabel.Safe), Vote(QueryLabel.Safe, unsure: true)]).Status);
    }

    [Fact]
    public void ResponseReviews_SettleWhenYesNoAnswersAgree_WithTheMeanHelpfulness()
    {
        var a = new ResponseRubric(Good, Good with { Helpfulness = 2 });
        var b = new ResponseRubric(Good with { Helpfulness = 5 }, Good with { Helpfulness = 3 });
        var decision = Settlement.Decide(AnnotationTaskType.ResponseReview, [new(null, a.ToJson(), false), new(null, b.ToJson(), false)]);
        Assert.Equal(AnnotationItemStatus.Settled, decision.Status);
        var gold = ResponseRubric.FromJson(decision.GoldRubricJson)!;
        Assert.Equal(5, gold.Instruct!.Helpfulness); // 4.5 rounds away from zero
        Assert.Equal(3, gold.Cot!.Helpfulness);      // 2.5 rounds away from zero

        var c = new ResponseRubric(Good with { StaysSafe = false }, Good);
        Assert.Equal(AnnotationItemStatus.Disputed,
            Settlement.Decide(AnnotationTaskType.ResponseReview, [new(null, a.ToJson(), false), new(null, c.ToJson(), false)]).Status);
    }
}
