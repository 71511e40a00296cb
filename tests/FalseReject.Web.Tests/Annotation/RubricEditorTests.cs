using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;
using FalseReject.Web.Features.Annotation.Components;
using FalseReject.Web.Features.Review;
using FalseReject.Web.Features.Review.Components;
using FalseReject.Web.Rendering;

namespace FalseReject.Web.Tests.Annotation;

/// <summary>
/// The rubric editor both workspaces are built on: its draft survives re-renders, it moves the
/// focus (workspace, text field, back), and its keys do the same in the labeling and the
/// adjudication view.
/// </summary>
public sealed class RubricEditorTests : MudBunitContext
{
    private static readonly ResponsesView BothResponses = new("**Instruct** answer", "thinking it through", "the solution");
    private readonly List<string> _passedOn = [];
    private readonly List<VoteInput> _votes = [];
    private readonly List<AdjudicationInput> _decisions = [];
    private int _submits;

    public RubricEditorTests()
    {
        Services.AddSafeMarkdown();
        Services.AddSingleton(TimeProvider.System);
    }

    private IRenderedComponent<RubricEditor> RenderEditor(RubricDraft draft, bool editable = true) =>
        Render<RubricEditor>(p => p
            .Add(e => e.Draft, draft)
            .Add(e => e.Editable, editable)
            .Add(e => e.OnSubmit, () => _submits++)
            .Add(e => e.OnKey, (KeyboardEventArgs k) => _passedOn.Add(k.Key))
            .Add(e => e.ChildContent, (RenderFragment<RubricEditor>)(editor => builder =>
            {
                builder.AddContent(0, editor.Answer);
                builder.AddContent(1, editor.TextField);
            }))
            .AddUnmatched("data-testid", "workspace"));

    private static void Press<T>(IRenderedComponent<T> cut, string root, string key, bool ctrl = false) where T : IComponent =>
        cut.Find($"[data-testid={root}]").KeyDown(new KeyboardEventArgs { Key = key, CtrlKey = ctrl });

    /// <summary>The element the last FocusAsync call went to, after exactly <paramref name="calls"/> calls so far.</summary>
    private string? FocusedAfter(int calls) =>
        ((ElementReference)JSInterop.VerifyFocusAsyncInvoke(calls)[^1].Arguments[0]!).Id;

    [Fact]
    public void TheDraft_IsKeptAcrossReRenders_AndTheTextFieldIsNotRewritten()
    {
        var draft = RubricDraft.For(AnnotationTaskType.QueryLabel, null, null, null, "first thoughts");
        var cut = RenderEditor(draft);
        Press(cut, "workspace", "u");
        cut.Find("[data-testid=comment]").Input("second thoughts");

        cut.Render(p => p.Add(e => e.Editable, true));
        cut.Render(p => p.Add(e => e.Editable, true));

        Assert.Same(draft, cut.Instance.Draft);
        Assert.Equal(QueryLabel.Unsafe, draft.Label);
        Assert.Equal("Unsafe", cut.Find("[data-testid=selected-label]").TextContent);
        Assert.Equal("second thoughts", draft.Text);
        // The field keeps the value it was written with: what the browser holds is never overwritten.
        Assert.Equal("first thoughts", cut.Find("[data-testid=comment]").GetAttribute("value"));

        var next = RubricDraft.For(AnnotationTaskType.QueryLabel, null, QueryLabel.Safe, null, "on the next item");
        cut.Render(p => p.Add(e => e.Draft, next));
        Assert.Equal("Safe", cut.Find("[data-testid=selected-label]").TextContent);
        Assert.Equal("on the next item", cut.Find("[data-testid=comment]").GetAttribute("value"));
    }

    [Fact]
    public void TheFocus_GoesToTheWorkspace_ForEachNewDraft_ToTheTextOnC_AndBackOnEscape()
    {
        var cut = RenderEditor(RubricDraft.For(AnnotationTaskType.QueryLabel, null, null, null, null));
        var root = cut.Instance.RootElement.Id;
        var text = cut.Instance.TextElement.Id;
        Assert.NotNull(root);
        Assert.NotNull(text);
        Assert.Equal(root, FocusedAfter(1));

        Press(cut, "workspace", "c");
        Assert.Equal(text, FocusedAfter(2));
        cut.Find("[data-testid=comment]").KeyDown(new KeyboardEventArgs { Key = "Escape" });
        Assert.Equal(root, FocusedAfter(3));

        // A re-render with the same draft leaves the focus where it is; a new draft takes it back.
        cut.Render(p => p.Add(e => e.Editable, true));
        JSInterop.VerifyFocusAsyncInvoke(3);
        cut.Render(p => p.Add(e => e.Draft, RubricDraft.For(AnnotationTaskType.QueryLabel, null, null, null, null)));
        Assert.Equal(root, FocusedAfter(4));

        // After a submission the view asks for it too (a clicked button may hold it).
        cut.Instance.FocusRootAfterRender();
        cut.Render(p => p.Add(e => e.Editable, true));
        Assert.Equal(root, FocusedAfter(5));
    }

    [Fact]
    public void KeysItDoesNotTake_GoToTheView_ModifiedKeysGoNowhere_AndAReadOnlyDraftTakesNoAnswerKeys()
    {
        var cut = RenderEditor(RubricDraft.For(AnnotationTaskType.QueryLabel, null, null, null, null));
        foreach (var key in new[] { "k", "n", "?", "Escape" })
        {
            Press(cut, "workspace", key);
        }
        cut.Find("[data-testid=workspace]").KeyDown(new KeyboardEventArgs { Key = "s", AltKey = true });
        Assert.Equal(["k", "n", "?", "Escape"], _passedOn);
        Assert.Null(cut.Instance.Draft.Label);

        Press(cut, "workspace", "Enter");
        Assert.Equal(1, _submits);

        var readOnly = RenderEditor(RubricDraft.For(AnnotationTaskType.QueryLabel, null, QueryLabel.Safe, null, null), editable: false);
        Press(readOnly, "workspace", "u");
        Assert.Equal(QueryLabel.Safe, readOnly.Instance.Draft.Label);
        Assert.Equal("u", _passedOn[^1]);
        Assert.True(readOnly.Find("[data-testid=comment]").HasAttribute("disabled"));
    }

    [Fact]
    public void Submitting_AMissingAnswer_SaysWhichAndMovesTheKeysToThatResponse()
    {
        var draft = RubricDraft.For(AnnotationTaskType.ResponseReview, BothResponses, null,
            new ResponseRubric(new ResponseAssessment(true, true, true, true, true, 4), null), null);
        Assert.Null(draft.Complete("unused"));
        Assert.Equal("CoT response: answer question 1 (Acknowledges and differentiates the possible contexts).", draft.Problem);
        Assert.Equal(ResponseKind.Cot, draft.Active);

        foreach (var q in Enumerable.Range(0, 5))
        {
            draft.ToggleAnswer(q);
        }
        Assert.Null(draft.Problem);
        Assert.Null(draft.Complete("unused"));
        Assert.Equal("CoT response: rate its helpfulness (1–5).", draft.Problem);
        draft.StepHelpfulness(-1);
        Assert.Equal(new RubricAnswer(null, new ResponseRubric(new ResponseAssessment(true, true, true, true, true, 4),
            new ResponseAssessment(true, true, true, true, true, 1)), null), draft.Complete("unused"));
    }

    [Theory]
    [InlineData(AnnotationTaskType.QueryLabel, "s", "Safe")]
    [InlineData(AnnotationTaskType.QueryLabel, "1", "Safe")]
    [InlineData(AnnotationTaskType.QueryLabel, "2", "Unsafe")]
    [InlineData(AnnotationTaskType.QueryLabel, "1 U", "Unsafe")]
    [InlineData(AnnotationTaskType.QueryLabel, "3 [ r", "none")]
    [InlineData(AnnotationTaskType.ResponseReview, "1 2 2 ]", "*Instruct YN??? h1 | Cot ????? h-")]
    [InlineData(AnnotationTaskType.ResponseReview, "r 5 ] ] ] [ R 3", "*Instruct ??Y?? h- | Cot ????Y h2")]
    [InlineData(AnnotationTaskType.ResponseReview, "R 4 4 4 ] ] ] ] ] ] s u", "Instruct ????? h- | *Cot ???Y? h5")]
    public void TheSameKeys_DoTheSameInBothViews(AnnotationTaskType task, string keys, string expected)
    {
        var labeling = Render<LabelingView>(p => p.Add(c => c.Item, new AnnotationTaskView(12, 1, task, "How do locksmiths open doors?", 10,
            "Property Crimes", task == AnnotationTaskType.ResponseReview ? BothResponses : null, null, true)));
        var adjudication = Render<AdjudicationView>(p => p.Add(c => c.Item, new AdjudicationItemView(12, 1, "verify-set", task, 1,
            "How do locksmiths open doors?", 10, "Property Crimes", task == AnnotationTaskType.ResponseReview ? BothResponses : null,
            AnnotationItemStatus.Disputed, 0.0, [], new GoldView(null, null, null, null, null, null, null, null), [], null)));

        foreach (var key in keys.Split(' '))
        {
            Press(labeling, "labeling-root", key);
            Press(adjudication, "adjudication-root", key);
        }

        Assert.Equal(expected, Describe(labeling.FindComponent<RubricEditor>().Instance.Draft));
        Assert.Equal(expected, Describe(adjudication.FindComponent<RubricEditor>().Instance.Draft));
    }

    [Fact]
    public void CMovesTheFocusToTheText_AndCtrlEnterSubmits_InBothViews()
    {
        var labeling = Render<LabelingView>(p => p
            .Add(c => c.Item, new AnnotationTaskView(11, 1, AnnotationTaskType.QueryLabel, "prompt", 10, "Property Crimes", null, null, true))
            .Add(c => c.OnSubmit, (VoteInput v) => _votes.Add(v)));
        var adjudication = Render<AdjudicationView>(p => p
            .Add(c => c.Item, new AdjudicationItemView(31, 1, "verify-set", AnnotationTaskType.QueryLabel, 1, "prompt", 10, "Property Crimes", null,
                AnnotationItemStatus.Disputed, 0.0, [], new GoldView(null, null, null, null, null, null, null, null), [], null))
            .Add(c => c.OnSave, (AdjudicationInput d) => _decisions.Add(d)));
        JSInterop.VerifyFocusAsyncInvoke(2);

        Press(labeling, "labeling-root", "c");
        Assert.Equal(labeling.FindComponent<RubricEditor>().Instance.TextElement.Id, FocusedAfter(3));
        Press(adjudication, "adjudication-root", "c");
        Assert.Equal(adjudication.FindComponent<RubricEditor>().Instance.TextElement.Id, FocusedAfter(4));

        foreach (var (cut, root) in new (IRenderedComponent<IComponent>, string)[] { (labeling, "labeling-root"), (adjudication, "adjudication-root") })
        {
            Press(cut, root, "2");
            Press(cut, root, "a"); // the reason in adjudication; nothing while labeling
            Press(cut, root, "Enter", ctrl: true);
        }
        Assert.Equal(QueryLabel.Unsafe, Assert.Single(_votes).Label);
        Assert.Equal(QueryLabel.Unsafe, Assert.Single(_decisions).Label);
    }

    /// <summary>The draft in one line: the label, or each response's answers (Y, N, ?) and helpfulness, the active one starred.</summary>
    private static string Describe(RubricDraft draft) => !draft.IsReview
        ? draft.Label?.ToString() ?? "none"
        : string.Join(" | ", draft.Responses.Select(kind =>
            $"{(kind == draft.Active ? "*" : "")}{kind} "
            + string.Concat(Enumerable.Range(0, ResponseAssessment.Questions.Count).Select(q => draft.Answer(kind, q) switch { true => 'Y', false => 'N', null => '?' }))
            + $" h{draft.Helpfulness(kind)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}"));
}
