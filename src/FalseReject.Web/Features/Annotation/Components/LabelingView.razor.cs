using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Features.Annotation.Components;

/// <summary>
/// One item's answer form with its keyboard handling and active-time measurement. The page owns
/// the queue (submit, skip, undo); this component owns the draft answer.
/// </summary>
public sealed partial class LabelingView
{
    internal static readonly IReadOnlyList<(string Keys, string What)> LabelShortcuts =
    [
        ("S", "Label Safe (benign: it only sounds harmful)"),
        ("U", "Label Unsafe"),
        ("?", "Toggle Unsure"),
        ("C", "Write a comment"),
        ("Enter", "Submit (or save the change) and go to the next item"),
        ("K", "Skip this item (it goes back to the queue)"),
        ("Z", "Undo the last submission: back to that item, still editable"),
        ("H", "Show or hide these shortcuts"),
    ];

    internal static readonly IReadOnlyList<(string Keys, string What)> ReviewShortcuts =
    [
        ("1 – 5", "Answer the question of that number for the highlighted response (Yes, then No, alternating)"),
        ("[  ]", "Helpfulness down / up (1–5)"),
        ("R", "Switch between the instruct and the CoT response"),
        ("G", "Show or hide the CoT reasoning"),
        ("?", "Toggle Unsure"),
        ("C", "Write a comment"),
        ("Enter", "Submit (or save the change) and go to the next item"),
        ("K", "Skip this item (it goes back to the queue)"),
        ("Z", "Undo the last submission: back to that item, still editable"),
        ("H", "Show or hide these shortcuts"),
    ];

    private const string CommentId = "labeling-comment";

    private ElementReference _root;
    private ElementReference _commentInput;
    private ActiveTimeTracker _time = null!;
    private AnnotationTaskView? _loaded;
    private bool _focusRoot = true;

    private QueryLabel? _label;
    private bool _unsure;
    private string _comment = "";
    private string _initialComment = "";
    private int _loadCount;
    private Dictionary<ResponseKind, ReviewDraft> _drafts = [];
    private ResponseKind _activeKind;
    private bool _reasoningOpen;
    private bool _helpOpen;
    private string? _message;

    [Inject] private TimeProvider Clock { get; set; } = default!;

    /// <summary>The item to answer (with the caller's earlier vote when editing).</summary>
    [Parameter, EditorRequired] public AnnotationTaskView Item { get; set; } = default!;

    /// <summary>True while the page talks to the queue: submit and skip wait.</summary>
    [Parameter] public bool Busy { get; set; }

    [Parameter] public bool CanUndo { get; set; }

    /// <summary>A message from the page (e.g. the queue refused the vote).</summary>
    [Parameter] public string? Message { get; set; }

    [Parameter] public EventCallback<VoteInput> OnSubmit { get; set; }

    [Parameter] public EventCallback OnSkip { get; set; }

    [Parameter] public EventCallback OnUndo { get; set; }

    private bool IsReview => Item.Task == AnnotationTaskType.ResponseReview;

    protected override void OnInitialized() => _time = new ActiveTimeTracker(Clock);

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(Item, _loaded))
        {
            return;
        }
        _loaded = Item;
        _time.Restart();
        _focusRoot = true;
        _message = null;
        _helpOpen = false;
        var mine = Item.MyVote;
        _label = mine?.Label;
        _unsure = mine?.Unsure ?? false;
        _comment = mine?.Comment ?? "";
        _initialComment = _comment;
        _loadCount++;
        _drafts = [];
        if (IsReview && Item.Responses is { } responses)
        {
            if (responses.HasInstruct)
            {
                _drafts[ResponseKind.Instruct] = ReviewDraft.From(mine?.Rubric?.Instruct);
            }
            if (responses.HasCot)
            {
                _drafts[ResponseKind.Cot] = ReviewDraft.From(mine?.Rubric?.Cot);
            }
        }
        _activeKind = _drafts.Keys.FirstOrDefault();
        _reasoningOpen = false;
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
        _time.Touch();
        if (e.CtrlKey || e.AltKey || e.MetaKey)
        {
            return;
        }
        if (_helpOpen && e.Key is "Escape" or "h" or "H")
        {
            _helpOpen = false;
            return;
        }
        switch (e.Key)
        {
            case "h" or "H":
                _helpOpen = true;
                return;
            case "Enter":
                await SubmitAsync();
                return;
            case "k" or "K":
                await SkipAsync();
                return;
            case "z" or "Z":
                await UndoAsync();
                return;
            case "c" or "C":
                await _commentInput.FocusAsync();
                return;
            case "?":
                ToggleUnsure();
                return;
        }
        if (!Item.Editable)
        {
            return;
        }
        if (!IsReview)
        {
            switch (e.Key)
            {
                case "s" or "S":
                    SetLabel(QueryLabel.Safe);
                    break;
                case "u" or "U":
                    SetLabel(QueryLabel.Unsafe);
                    break;
            }
            return;
        }
        if (_drafts.Count == 0)
        {
            return;
        }
        switch (e.Key)
        {
            case "1" or "2" or "3" or "4" or "5":
                var question = e.Key[0] - '1';
                var current = _drafts[_activeKind].Answers[question];
                SetAnswer(_activeKind, question, current != true);
                break;
            case "[":
                SetHelpfulness(_activeKind, Math.Max(ResponseAssessment.MinHelpfulness, (_drafts[_activeKind].Helpfulness ?? 2) - 1));
                break;
            case "]":
                SetHelpfulness(_activeKind, Math.Min(ResponseAssessment.MaxHelpfulness, (_drafts[_activeKind].Helpfulness ?? 0) + 1));
                break;
            case "r" or "R":
                var kinds = _drafts.Keys.ToList();
                _activeKind = kinds[(kinds.IndexOf(_activeKind) + 1) % kinds.Count];
                break;
            case "g" or "G":
                _reasoningOpen = !_reasoningOpen;
                break;
        }
    }

    private async Task OnCommentKeyDownAsync(KeyboardEventArgs e)
    {
        _time.Touch();
        switch (e.Key)
        {
            case "Enter":
                await SubmitAsync();
                break;
            case "Escape":
                await _root.FocusAsync();
                break;
        }
    }

    private void OnCommentInput(ChangeEventArgs e)
    {
        _time.Touch();
        _comment = e.Value?.ToString() ?? "";
    }

    private void SetLabel(QueryLabel label)
    {
        _label = label;
        _message = null;
    }

    private void ToggleUnsure()
    {
        if (Item.Editable)
        {
            _unsure = !_unsure;
        }
    }

    private void ToggleHelp() => _helpOpen = !_helpOpen;

    private void SetAnswer(ResponseKind kind, int question, bool answer)
    {
        _activeKind = kind;
        _drafts[kind].Answers[question] = answer;
        _message = null;
    }

    private void SetHelpfulness(ResponseKind kind, int value)
    {
        _activeKind = kind;
        _drafts[kind].Helpfulness = value;
        _message = null;
    }

    private async Task SubmitAsync()
    {
        if (Busy || !Item.Editable)
        {
            return;
        }
        if (BuildInput() is not { } input)
        {
            return;
        }
        _focusRoot = true;
        await OnSubmit.InvokeAsync(input);
    }

    private async Task SkipAsync()
    {
        if (!Busy)
        {
            _focusRoot = true;
            await OnSkip.InvokeAsync();
        }
    }

    private async Task UndoAsync()
    {
        if (!Busy && CanUndo)
        {
            _focusRoot = true;
            await OnUndo.InvokeAsync();
        }
    }

    /// <summary>The answer as a vote, or null (with a message) when something is missing.</summary>
    private VoteInput? BuildInput()
    {
        var comment = string.IsNullOrWhiteSpace(_comment) ? null : _comment.Trim();
        if (!IsReview)
        {
            if (_label is null)
            {
                _message = "Choose Safe (S) or Unsafe (U) first.";
                return null;
            }
            return new VoteInput(_label, null, _unsure, comment, _time.ActiveMilliseconds);
        }

        foreach (var (kind, draft) in _drafts)
        {
            var name = kind == ResponseKind.Instruct ? "Instruct response" : "CoT response";
            var missing = Array.FindIndex(draft.Answers, a => a is null);
            if (missing >= 0)
            {
                _activeKind = kind;
                _message = $"{name}: answer question {missing + 1} ({ResponseAssessment.Questions[missing]}).";
                return null;
            }
            if (draft.Helpfulness is null)
            {
                _activeKind = kind;
                _message = $"{name}: rate its helpfulness (1–5).";
                return null;
            }
        }
        var rubric = new ResponseRubric(
            _drafts.TryGetValue(ResponseKind.Instruct, out var instruct) ? instruct.ToAssessment() : null,
            _drafts.TryGetValue(ResponseKind.Cot, out var cot) ? cot.ToAssessment() : null);
        return new VoteInput(null, rubric, _unsure, comment, _time.ActiveMilliseconds);
    }

    private sealed class ReviewDraft
    {
        public bool?[] Answers { get; } = new bool?[ResponseAssessment.Questions.Count];

        public int? Helpfulness { get; set; }

        public static ReviewDraft From(ResponseAssessment? assessment)
        {
            var draft = new ReviewDraft();
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
