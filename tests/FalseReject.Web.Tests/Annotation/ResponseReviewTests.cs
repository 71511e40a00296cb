using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;
using static FalseReject.Web.Tests.Annotation.AnnotationTestBed;

namespace FalseReject.Web.Tests.Annotation;

/// <summary>Structured-response review: the second task type on the same queue.</summary>
public sealed class ResponseReviewTests : IAsyncLifetime
{
    private const AnnotationTaskType Review = AnnotationTaskType.ResponseReview;
    private static readonly ResponseAssessment AllYes = new(true, true, true, true, true, 4);

    private AnnotationTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await StartAsync();

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task ReviewItems_ExistOnlyForQueriesWithResponses_AndShowBothResponses()
    {
        var dataset = await _bed.AddDatasetAsync(6, withResponsesEvery: 2);
        Assert.Equal(3, (await _bed.ItemsAsync(dataset, Review)).Count);
        Assert.Equal(6, (await _bed.ItemsAsync(dataset)).Count);

        var a = await _bed.AddAnnotatorAsync("a");
        var view = (await a.Service.NextAsync(dataset, Review, null))!;
        Assert.Equal(Review, view.Task);
        Assert.Contains("instruct 0", view.Responses!.Instruct);
        Assert.Contains("reasoning 0", view.Responses.CotReasoning);
        Assert.Contains("solution 0", view.Responses.CotSolution);
    }

    [Fact]
    public async Task Labeling_HidesResponses_UnlessTheDatasetShowsThem()
    {
        var hidden = await _bed.AddDatasetAsync(1, withResponsesEvery: 1);
        var shown = await _bed.AddDatasetAsync(1, withResponsesEvery: 1, settings: new AnnotationSettings { ShowResponsesWhileLabeling = true });
        var a = await _bed.AddAnnotatorAsync("a");
        Assert.Null((await a.Service.NextAsync(hidden, AnnotationTaskType.QueryLabel, null))!.Responses);
        Assert.NotNull((await a.Service.NextAsync(shown, AnnotationTaskType.QueryLabel, null))!.Responses);
    }

    [Fact]
    public async Task AReview_MustAnswerEveryResponseTheQueryCarries_NamingWhatIsMissing()
    {
        var dataset = await _bed.AddDatasetAsync(1, withResponsesEvery: 1);
        var a = await _bed.AddAnnotatorAsync("a");
        var item = (await a.Service.NextAsync(dataset, Review, null))!.ItemId;

        var noCot = await a.Service.SubmitAsync(item, new VoteInput(null, new ResponseRubric(AllYes, null), false, null, 5));
        Assert.False(noCot.Succeeded);
        Assert.StartsWith("CoT response:", noCot.Error);

        var badScale = await a.Service.SubmitAsync(item, new VoteInput(null, new ResponseRubric(AllYes, AllYes with { Helpfulness = 9 }), false, null, 5));
        Assert.Contains("helpfulness must be 1 to 5", badScale.Error);

        var labelOnly = await a.Service.SubmitAsync(item, Safe());
        Assert.False(labelOnly.Succeeded);
        Assert.StartsWith("Review:", labelOnly.Error);

        Assert.True((await a.Service.SubmitAsync(item, new VoteInput(null, new ResponseRubric(AllYes, AllYes), false, "fine", 5))).Succeeded);
        var mine = (await a.Service.OpenMyVoteAsync(item))!.MyVote!;
        Assert.Equal(new ResponseRubric(AllYes, AllYes), mine.Rubric);
    }

    [Fact]
    public async Task AgreeingReviews_Settle_AndDisagreeingOnesAreDisputed()
    {
        var dataset = await _bed.AddDatasetAsync(2, withResponsesEvery: 1);
        var a = await _bed.AddAnnotatorAsync("a");
        var b = await _bed.AddAnnotatorAsync("b");
        var items = await _bed.ItemsAsync(dataset, Review);

        foreach (var annotator in new[] { a, b })
        {
            var first = (await annotator.Service.NextAsync(dataset, Review, null))!.ItemId;
            Assert.Equal(items[0].Id, first);
            await annotator.Service.SubmitAsync(first, new VoteInput(null,
                new ResponseRubric(AllYes, AllYes with { Helpfulness = annotator == a ? 2 : 5 }), false, null, 5));
            var second = (await annotator.Service.NextAsync(dataset, Review, null))!.ItemId;
            await annotator.Service.SubmitAsync(second, new VoteInput(null,
                new ResponseRubric(AllYes with { StaysSafe = annotator == a }, AllYes), false, null, 5));
        }

        var stored = await _bed.ItemsAsync(dataset, Review);
        Assert.Equal(AnnotationItemStatus.Settled, stored[0].Status);
        Assert.Equal(SettlementKind.Unanimous, stored[0].SettlementKind);
        Assert.Equal(4, ResponseRubric.FromJson(stored[0].GoldRubricJson)!.Cot!.Helpfulness); // mean of 2 and 5, rounded half up
        Assert.Equal(AnnotationItemStatus.Disputed, stored[1].Status);

        var history = await a.Service.GetMyHistoryAsync(dataset);
        Assert.Equal(2, history.Count);
        Assert.Contains(history, h => h.Settled && h.GoldRubric is not null && !h.DiffersFromGold);
        Assert.Contains(history, h => !h.Settled && h.GoldRubric is null);
    }
}
