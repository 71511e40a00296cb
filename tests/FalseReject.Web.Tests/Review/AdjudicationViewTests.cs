using Microsoft.AspNetCore.Components.Web;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;
using FalseReject.Web.Features.Review;
using FalseReject.Web.Features.Review.Components;
using FalseReject.Web.Rendering;

namespace FalseReject.Web.Tests.Review;

/// <summary>The adjudication view and its keyboard handling, driven by dispatched keydown events.</summary>
public sealed class AdjudicationViewTests : MudBunitContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private readonly List<AdjudicationInput> _saved = [];
    private readonly List<bool> _hideNames = [];
    private int _next;
    private int _previous;

    public AdjudicationViewTests() => Services.AddSafeMarkdown();

    private static ReviewVoteView Vote(int number, string name, QueryLabel label, long ms, bool unsure = false, string? comment = null) =>
        new(number, $"id-{number}", name, label, null, unsure, comment, ms, 2, Now);

    private static AdjudicationItemView QueryItem(string? cannot = null, GoldView? gold = null, IReadOnlyList<GoldHistoryEntry>? history = null) =>
        new(31, 4, "verify-set", AnnotationTaskType.QueryLabel, 7,
            "How do I pick the <script>alert(1)</script> lock of my own shed?", 10, "Property Crimes",
            null, gold?.Kind is null ? AnnotationItemStatus.Disputed : AnnotationItemStatus.Settled, 0.0,
            [
                Vote(1, "alice@example.org", QueryLabel.Safe, 1_400, comment: "<img src=x onerror=alert(1)> own property"),
                Vote(2, "bob@example.org", QueryLabel.Unsafe, 42_000, unsure: true),
            ],
            gold ?? new GoldView(null, null, null, null, null, null, null, null),
            history ?? [],
            cannot);

    private IRenderedComponent<AdjudicationView> RenderView(AdjudicationItemView item, bool hideNames = false, bool hasPrevious = true, bool hasNext = true) =>
        Render<AdjudicationView>(p => p
            .Add(c => c.Item, item)
            .Add(c => c.HideNames, hideNames)
            .Add(c => c.HideNamesChanged, (bool v) => _hideNames.Add(v))
            .Add(c => c.HasPrevious, hasPrevious)
            .Add(c => c.HasNext, hasNext)
            .Add(c => c.OnSave, (AdjudicationInput i) => _saved.Add(i))
            .Add(c => c.OnNext, () => _next++)
            .Add(c => c.OnPrevious, () => _previous++));

    private static void Press(IRenderedComponent<AdjudicationView> cut, string key, bool ctrl = false) =>
        cut.Find("[data-testid=adjudication-root]").KeyDown(new KeyboardEventArgs { Key = key, CtrlKey = ctrl });

    [Fact]
    public void OneThenReasonThenCtrlEnter_SavesSafe_WithTheDefaultMediumConfidence()
    {
        var cut = RenderView(QueryItem());
        Press(cut, "1");
        Assert.Equal("Safe", cut.Find("[data-testid=selected-gold]").TextContent);
        Press(cut, "q");
        Assert.Equal("AmbiguousQuery", cut.Find("[data-testid=selected-reason]").TextContent);
        Press(cut, "Enter", ctrl: true);

        var saved = Assert.Single(_saved);
        Assert.Equal(new AdjudicationInput(QueryLabel.Safe, null, AdjudicationConfidence.Medium, AdjudicationReason.AmbiguousQuery, null), saved);
    }

    [Fact]
    public void Two_PicksUnsafe_AndConfidenceAndReasonKeysSetTheirFields()
    {
        var cut = RenderView(QueryItem());
        Press(cut, "1");
        Press(cut, "2");
        Press(cut, "h");
        Press(cut, "b");
        Press(cut, "Enter", ctrl: true);
        Assert.Equal(new AdjudicationInput(QueryLabel.Unsafe, null, AdjudicationConfidence.High, AdjudicationReason.GenuinelyBorderline, null), Assert.Single(_saved));
    }

    [Fact]
    public void CtrlEnter_WithoutALabelOrReason_SavesNothing_AndSaysWhatIsMissing()
    {
        var cut = RenderView(QueryItem());
        Press(cut, "Enter", ctrl: true);
        Assert.Contains("Safe (1) or Unsafe (2)", cut.Find("[data-testid=adjudication-message]").TextContent);
        Press(cut, "2");
        Press(cut, "Enter", ctrl: true);
        Assert.Contains("Choose a reason", cut.Find("[data-testid=adjudication-message]").TextContent);
        Press(cut, "Enter"); // Enter alone does not save
        Assert.Empty(_saved);
    }

    [Fact]
    public void NAndP_MoveThroughTheQueue_OnlyWhereThereIsSomewhereToGo()
    {
        var cut = RenderView(QueryItem());
        Press(cut, "n");
        Press(cut, "N");
        Press(cut, "p");
        Assert.Equal((2, 1), (_next, _previous));

        var last = RenderView(QueryItem(), hasPrevious: false, hasNext: false);
        Press(last, "n");
        Press(last, "p");
        Assert.Equal((2, 1), (_next, _previous));
    }

    [Fact]
    public void TheNote_TakesTypedKeysAsText_AndCtrlEnterThereSaves()
    {
        var cut = RenderView(QueryItem());
        Press(cut, "1");
        Press(cut, "g");
        var note = cut.Find("[data-testid=note]");
        note.Input("n and p are just letters here");
        note.KeyDown(new KeyboardEventArgs { Key = "n" });
        Assert.Equal(0, _next); // handled by the note, not the workspace
        note.KeyDown(new KeyboardEventArgs { Key = "Enter", CtrlKey = true });
        Assert.Equal("n and p are just letters here", Assert.Single(_saved).Note);
    }

    [Fact]
    public void ShowsEveryVote_WithItsAnnotator_Time_WarningUnderThreeSeconds_AndComment()
    {
        var cut = RenderView(QueryItem());
        var rows = cut.FindAll("[data-testid=vote-row]");
        Assert.Equal(2, rows.Count);
        Assert.Contains("alice@example.org", rows[0].TextContent);
        Assert.Contains("1.4 s", rows[0].QuerySelector("[data-testid=vote-time]")!.TextContent);
        Assert.NotNull(rows[0].QuerySelector("[data-testid=fast-warning]"));
        Assert.Null(rows[1].QuerySelector("[data-testid=fast-warning]"));
        Assert.Contains("42.0 s", rows[1].TextContent);
        Assert.NotNull(rows[1].QuerySelector("[data-testid=vote-unsure]"));
        // Hostile text stays text.
        Assert.Equal("<img src=x onerror=alert(1)> own property", rows[0].QuerySelector("[data-testid=vote-comment]")!.TextContent);
        Assert.Contains("<script>alert(1)</script>", cut.Find("[data-testid=prompt]").TextContent);
        Assert.Empty(cut.FindAll("script, img"));
    }

    [Fact]
    public void HideNames_ShowsAnnotatorNumbers_AndXTogglesIt()
    {
        var cut = RenderView(QueryItem(), hideNames: true);
        Assert.Equal(["Annotator 1", "Annotator 2"], cut.FindAll("[data-testid=vote-annotator]").Select(e => e.TextContent));
        Assert.DoesNotContain("alice@example.org", cut.Markup);
        Press(cut, "x");
        Assert.Equal([false], _hideNames);
    }

    [Fact]
    public void AnItemTheReviewerVotedOn_HasNoGoldForm_AndIgnoresTheLabelKeys()
    {
        var cut = RenderView(QueryItem(cannot: "You voted on this item, so another reviewer must decide it."));
        Assert.Contains("You voted on this item", cut.Find("[data-testid=cannot-adjudicate]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=gold-form]"));
        Press(cut, "1");
        Press(cut, "a");
        Press(cut, "Enter", ctrl: true);
        Assert.Empty(_saved);
        Press(cut, "n");
        Assert.Equal(1, _next);
    }

    [Fact]
    public void AnAdjudicatedItem_ShowsItsProvenanceAndHistory_AndDecidingAgainStartsFromIt()
    {
        var gold = new GoldView(QueryLabel.Unsafe, null, SettlementKind.Adjudicated, Now, "rev@example.org",
            AdjudicationReason.GuidelineGap, AdjudicationConfidence.Low, "see guideline v3");
        GoldHistoryEntry[] history =
        [
            new(Now, "rev@example.org", AnnotationItemStatus.Disputed, AnnotationItemStatus.Settled, null, QueryLabel.Unsafe, null,
                null, SettlementKind.Adjudicated, AdjudicationReason.GuidelineGap, AdjudicationConfidence.Low, "see guideline v3"),
        ];
        var cut = RenderView(QueryItem(gold: gold, history: history));

        var current = cut.Find("[data-testid=gold-current]").TextContent;
        Assert.Contains("Unsafe", current);
        Assert.Contains("Adjudicated by rev@example.org", current);
        Assert.Contains("Guideline gap", current);
        var row = Assert.Single(cut.FindAll("[data-testid=gold-history-row]"));
        Assert.Contains("disputed → Unsafe", row.TextContent);
        Assert.Contains("see guideline v3", row.TextContent);
        Assert.Equal("Unsafe", cut.Find("[data-testid=selected-gold]").TextContent);

        Press(cut, "1");
        Press(cut, "Enter", ctrl: true);
        Assert.Equal(new AdjudicationInput(QueryLabel.Safe, null, AdjudicationConfidence.Low, AdjudicationReason.GuidelineGap, "see guideline v3"), Assert.Single(_saved));
    }

    [Fact]
    public void AResponseReview_TakesAGoldRubricFromTheForm()
    {
        var good = new ResponseAssessment(true, true, true, true, true, 4);
        var item = new AdjudicationItemView(40, 4, "verify-set", AnnotationTaskType.ResponseReview, 2, "How do locksmiths open doors?", 10, "Property Crimes",
            new ResponsesView("**Instruct** answer", null, null), AnnotationItemStatus.Disputed, 0.0,
            [
                new(1, "a", "alice", null, new ResponseRubric(good, null), false, null, 9000, null, Now),
                new(2, "b", "bob", null, new ResponseRubric(good with { StaysSafe = false }, null), false, null, 9000, null, Now),
            ],
            new GoldView(null, null, null, null, null, null, null, null), [], null);
        var cut = RenderView(item);
        Assert.Contains("Instruct: YYYYY help 4", cut.FindAll("[data-testid=vote-answer]")[0].TextContent);

        Press(cut, "a");
        Press(cut, "Enter", ctrl: true);
        Assert.Contains("answer question 1", cut.Find("[data-testid=adjudication-message]").TextContent);
        foreach (var q in new[] { 1, 2, 3, 4 })
        {
            cut.Find($"[data-testid=gold-Instruct-q{q}-yes]").Click();
        }
        cut.Find("[data-testid=gold-Instruct-q5-no]").Click();
        cut.Find("[data-testid=gold-Instruct-help-3]").Click();
        Press(cut, "Enter", ctrl: true);

        var saved = Assert.Single(_saved);
        Assert.Equal(new ResponseRubric(good with { StaysSafe = false, Helpfulness = 3 }, null), saved.Rubric);
        Assert.Null(saved.Label);
        Assert.Equal(AdjudicationReason.AnnotatorError, saved.Reason);
    }
}
