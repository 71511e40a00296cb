using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;

namespace FalseReject.Web.Features.Review.Components;

/// <summary>
/// One item's adjudication form with its keyboard handling. The page owns the queue (save, next,
/// previous); this component owns the draft decision. Keys act on the focused workspace, which
/// takes the focus itself whenever an item appears (the approach of the labeling view).
/// </summary>
public sealed partial class AdjudicationView
{
    internal static readonly IReadOnlyList<(AdjudicationReason Reason, string Key)> ReasonKeys =
    [
        (AdjudicationReason.AnnotatorError, "A"),
        (AdjudicationReason.AmbiguousQuery, "Q"),
        (AdjudicationReason.GuidelineGap, "G"),
        (AdjudicationReason.GenuinelyBorderline, "B"),
    ];

    internal static readonly IReadOnlyList<(AdjudicationConfidence Confidence, string Key)> ConfidenceKeys =
    [
        (AdjudicationConfidence.Low, "L"),
        (AdjudicationConfidence.Medium, "M"),
        (AdjudicationConfidence.High, "H"),
    ];

    private const string NoteId = "adjudication-note";

    private ElementReference _root;
    private ElementReference _noteInput;
    private AdjudicationItemView? _loaded;
    private bool _focusRoot = true;

    private QueryLabel? _label;
    private AdjudicationReason? _reason;
    private AdjudicationConfidence? _confidence;
    private string _note = "";
    private string _initialNote = "";
    private int _loadCount;
    private Dictionary<ResponseKind, RubricDraft> _drafts = [];
    private string? _message;

    [Parameter, EditorRequired] public AdjudicationItemView Item { get; set; } = default!;

    /// <summary>Show "Annotator 1, 2, 3" instead of the annotators' names.</summary>
    [Parameter] public bool HideNames { get; set; }

    [Parameter] public EventCallback<bool> HideNamesChanged { get; set; }

    [Parameter] public bool HasPrevious { get; set; }

    [Parameter] public bool HasNext { get; set; }

    /// <summary>Where the item stands in the queue, e.g. "2 of 7".</summary>
    [Parameter] public string? Position { get; set; }

    /// <summary>True while the page saves: saving waits.</summary>
    [Parameter] public bool Busy { get; set; }

    /// <summary>A message from the page (the service refused, or the decision was saved).</summary>
    [Parameter] public string? Message { get; set; }

    [Parameter] public Severity MessageSeverity { get; set; } = Severity.Warning;

    [Parameter] public EventCallback<AdjudicationInput> OnSave { get; set; }

    [Parameter] public EventCallback OnNext { get; set; }

    [Parameter] public EventCallback OnPrevious { get; set; }

    private bool IsReview => Item.Task == AnnotationTaskType.ResponseReview;

    private string StatusText => Item.Status switch
    {
        AnnotationItemStatus.Disputed => "Disputed",
        AnnotationItemStatus.Open => "Still collecting votes",
        _ => Item.Gold.Kind is { } kind ? ReviewText.Of(kind) : "Settled",
    };

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(Item, _loaded))
        {
            return;
        }
        _loaded = Item;
        _focusRoot = true;
        _message = null;
        // Deciding again starts from the current decision; a first decision starts empty.
        var adjudicated = Item.Gold.Kind == SettlementKind.Adjudicated;
        _label = adjudicated ? Item.Gold.Label : null;
        _reason = adjudicated ? Item.Gold.Reason : null;
        _confidence = adjudicated ? Item.Gold.Confidence : AdjudicationConfidence.Medium;
        _note = adjudicated ? Item.Gold.Note ?? "" : "";
        _initialNote = _note;
        _loadCount++;
        _drafts = [];
        if (IsReview && Item.Responses is { } responses)
        {
            if (responses.HasInstruct)
            {
                _drafts[ResponseKind.Instruct] = RubricDraft.From(Item.Gold.Rubric?.Instruct);
            }
            if (responses.HasCot)
            {
                _drafts[ResponseKind.Cot] = RubricDraft.From(Item.Gold.Rubric?.Cot);
            }
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focusRoot)
        {
            _focusRoot = false;
            await _root.FocusAsync();
        }
    }

    private async Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        if ((e.CtrlKey || e.MetaKey) && e.Key == "Enter")
        {
            await SaveAsync();
            return;
        }
        if (e.CtrlKey || e.AltKey || e.MetaKey)
        {
            return;
        }
        switch (e.Key)
        {
            case "n" or "N":
                await NextAsync();
                return;
            case "p" or "P":
                await PreviousAsync();
                return;
            case "x" or "X":
                await ToggleNamesAsync(!HideNames);
                return;
        }
        if (!Item.CanAdjudicate)
        {
            return;
        }
        switch (e.Key)
        {
            case "1" when !IsReview:
                SetLabel(QueryLabel.Safe);
                return;
            case "2" when !IsReview:
                SetLabel(QueryLabel.Unsafe);
                return;
            case "c" or "C":
                await _noteInput.FocusAsync();
                return;
        }
        var key = e.Key.ToUpperInvariant();
        foreach (var (reason, reasonKey) in ReasonKeys)
        {
            if (key == reasonKey)
            {
                SetReason(reason);
                return;
            }
        }
        foreach (var (confidence, confidenceKey) in ConfidenceKeys)
        {
            if (key == confidenceKey)
            {
                SetConfidence(confidence);
                return;
            }
        }
    }

    private async Task OnNoteKeyDownAsync(KeyboardEventArgs e)
    {
        if ((e.CtrlKey || e.MetaKey) && e.Key == "Enter")
        {
            await SaveAsync();
        }
        else if (e.Key == "Escape")
        {
            await _root.FocusAsync();
        }
    }

    private void OnNoteInput(ChangeEventArgs e) => _note = e.Value?.ToString() ?? "";

    private void SetLabel(QueryLabel label)
    {
        _label = label;
        _message = null;
    }

    private void SetReason(AdjudicationReason reason)
    {
        _reason = reason;
        _message = null;
    }

    private void SetConfidence(AdjudicationConfidence confidence)
    {
        _confidence = confidence;
        _message = null;
    }

    private void SetAnswer(RubricDraft draft, int question, bool answer)
    {
        draft.Answers[question] = answer;
        _message = null;
    }

    private void SetHelpfulness(RubricDraft draft, int value)
    {
        draft.Helpfulness = value;
        _message = null;
    }

    private async Task ToggleNamesAsync(bool hide) => await HideNamesChanged.InvokeAsync(hide);

    private async Task SaveAsync()
    {
        if (Busy || !Item.CanAdjudicate)
        {
            return;
        }
        if (BuildInput() is not { } input)
        {
            return;
        }
        _focusRoot = true;
        await OnSave.InvokeAsync(input);
    }

    private async Task NextAsync()
    {
        if (HasNext)
        {
            await OnNext.InvokeAsync();
        }
    }

    private async Task PreviousAsync()
    {
        if (HasPrevious)
        {
            await OnPrevious.InvokeAsync();
        }
    }

    /// <summary>The decision, or null (with a message) when something is missing.</summary>
    private AdjudicationInput? BuildInput()
    {
        if (!IsReview && _label is null)
        {
            _message = "Choose the gold label first: Safe (1) or Unsafe (2).";
            return null;
        }
        ResponseRubric? rubric = null;
        if (IsReview)
        {
            foreach (var (kind, draft) in _drafts)
            {
                var name = kind == ResponseKind.Instruct ? "Instruct response" : "CoT response";
                var missing = Array.FindIndex(draft.Answers, a => a is null);
                if (missing >= 0)
                {
                    _message = $"{name}: answer question {missing + 1} ({ResponseAssessment.Questions[missing]}).";
                    return null;
                }
                if (draft.Helpfulness is null)
                {
                    _message = $"{name}: rate its helpfulness (1–5).";
                    return null;
                }
            }
            rubric = new ResponseRubric(
                _drafts.TryGetValue(ResponseKind.Instruct, out var instruct) ? instruct.ToAssessment() : null,
                _drafts.TryGetValue(ResponseKind.Cot, out var cot) ? cot.ToAssessment() : null);
        }
        if (_reason is null)
        {
            _message = "Choose a reason: annotator error (A), ambiguous query (Q), guideline gap (G) or genuinely borderline (B).";
            return null;
        }
        if (_confidence is null)
        {
            _message = "Choose a confidence: low (L), medium (M) or high (H).";
            return null;
        }
        var note = string.IsNullOrWhiteSpace(_note) ? null : _note.Trim();
        return new AdjudicationInput(IsReview ? null : _label, rubric, _confidence, _reason, note);
    }

    private static string RubricSummary(ResponseRubric rubric) =>
        string.Join("  ", new[] { ("Instruct", rubric.Instruct), ("CoT", rubric.Cot) }
            .Where(p => p.Item2 is not null)
            .Select(p => string.Create(CultureInfo.InvariantCulture,
                $"{p.Item1}: {string.Concat(Enumerable.Range(0, ResponseAssessment.Questions.Count).Select(q => p.Item2!.Answer(q) ? 'Y' : 'N'))} help {p.Item2!.Helpfulness}")));

    private static string GoldText(AnnotationItemStatus? status, QueryLabel? label) =>
        label?.ToString() ?? status switch
        {
            null => "—",
            AnnotationItemStatus.Settled => "rubric",
            var s => s.Value.ToString().ToLowerInvariant(),
        };

    private sealed class RubricDraft
    {
        public bool?[] Answers { get; } = new bool?[ResponseAssessment.Questions.Count];

        public int? Helpfulness { get; set; }

        public static RubricDraft From(ResponseAssessment? assessment)
        {
            var draft = new RubricDraft();
            if (assessment is not null)
            {
                for (var q = 0; q < draft.Answers.Length; q++)
                {
                    draft.Answers[q] = assessment.Answer(q);
                }
                draft.Helpfulness = assessment.Helpfulness;
            }
            return draft;
        }

        public ResponseAssessment ToAssessment() =>
            new(Answers[0]!.Value, Answers[1]!.Value, Answers[2]!.Value, Answers[3]!.Value, Answers[4]!.Value, Helpfulness!.Value);
    }
}
