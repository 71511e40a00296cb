using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Features.Annotation.Components;

/// <summary>
/// One item's answer form with its active-time measurement and the labeling shortcuts (skip,
/// undo, unsure, help, reasoning). The page owns the queue (submit, skip, undo); the draft, the
/// focus and the answer keys are the <see cref="RubricEditor"/>'s.
/// </summary>
public sealed partial class LabelingView
{
    internal static readonly IReadOnlyList<(string Keys, string What)> LabelShortcuts =
    [
        ("S", "Label Safe (benign: it only sounds harmful); 1 does too"),
        ("U", "Label Unsafe; 2 does too"),
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

    private RubricEditor _editor = null!;
    private ActiveTimeTracker _time = null!;
    private AnnotationTaskView? _loaded;
    private RubricDraft _draft = null!;
    private bool _unsure;
    private bool _reasoningOpen;
    private bool _helpOpen;

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

    protected override void OnInitialized() => _time = new ActiveTimeTracker(Clock);

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(Item, _loaded))
        {
            return;
        }
        _loaded = Item;
        _time.Restart();
        _helpOpen = false;
        _reasoningOpen = false;
        var mine = Item.MyVote;
        _unsure = mine?.Unsure ?? false;
        _draft = RubricDraft.For(Item.Task, Item.Responses, mine?.Label, mine?.Rubric, mine?.Comment);
    }

    /// <summary>The labeling shortcuts; the answer keys, C and Enter are taken by the editor first.</summary>
    private async Task OnKeyAsync(KeyboardEventArgs e)
    {
        if (_helpOpen && e.Key is "Escape" or "h" or "H")
        {
            _helpOpen = false;
            return;
        }
        switch (e.Key)
        {
            case "h" or "H":
                _helpOpen = true;
                break;
            case "k" or "K":
                await SkipAsync();
                break;
            case "z" or "Z":
                await UndoAsync();
                break;
            case "?":
                ToggleUnsure();
                break;
            case "g" or "G" when _draft.IsReview && Item.Editable && _draft.Responses.Count > 0:
                _reasoningOpen = !_reasoningOpen;
                break;
        }
    }

    private void ToggleUnsure()
    {
        if (Item.Editable)
        {
            _unsure = !_unsure;
        }
    }

    private void ToggleHelp() => _helpOpen = !_helpOpen;

    private async Task SubmitAsync()
    {
        if (Busy || !Item.Editable || _draft.Complete("Choose Safe (S) or Unsafe (U) first.") is not { } answer)
        {
            return;
        }
        _editor.FocusRootAfterRender();
        await OnSubmit.InvokeAsync(new VoteInput(answer.Label, answer.Rubric, _unsure, answer.Text, _time.ActiveMilliseconds));
    }

    private async Task SkipAsync()
    {
        if (!Busy)
        {
            _editor.FocusRootAfterRender();
            await OnSkip.InvokeAsync();
        }
    }

    private async Task UndoAsync()
    {
        if (!Busy && CanUndo)
        {
            _editor.FocusRootAfterRender();
            await OnUndo.InvokeAsync();
        }
    }
}
