using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Features.Annotation.Components;

/// <summary>
/// The draft, focus and keyboard plumbing shared by the labeling and the adjudication views. The
/// keys it takes are the same in both: S or 1 Safe and U or 2 Unsafe for a query; for a response
/// review 1–5 answer the active response's questions (Yes, then No), [ and ] move its helpfulness,
/// R switches the response; C writes the comment or note; Enter (where <see cref="EnterSubmits"/>)
/// or Ctrl+Enter submits. Every other key goes to <see cref="OnKey"/> for the view's own shortcuts.
/// </summary>
public sealed partial class RubricEditor
{
    /// <summary>The label keys, as the buttons show them.</summary>
    internal static readonly IReadOnlyList<(QueryLabel Label, string Keys)> LabelKeys =
    [
        (QueryLabel.Safe, "S / 1"),
        (QueryLabel.Unsafe, "U / 2"),
    ];

    /// <summary>The comment's and the note's limit (the store's column holds as much).</summary>
    private const int MaxTextLength = 4000;

    private ElementReference _root;
    private ElementReference _text;
    private RubricDraft? _loaded;
    private string _initialText = "";
    private bool _focusRoot;

    /// <summary>The answer to edit; a new draft (a new item) gives the workspace the focus again and a fresh text field.</summary>
    [Parameter, EditorRequired] public RubricDraft Draft { get; set; } = default!;

    /// <summary>The view's content, which places <see cref="Answer"/> and <see cref="TextField"/> where it wants them.</summary>
    [Parameter, EditorRequired] public RenderFragment<RubricEditor> ChildContent { get; set; } = default!;

    /// <summary>False when the answer may not change (a settled item): the controls are disabled and the answer keys ignored.</summary>
    [Parameter] public bool Editable { get; set; } = true;

    /// <summary>True: Enter submits, and the text is one line. False: Ctrl+Enter submits, and the text takes several lines.</summary>
    [Parameter] public bool EnterSubmits { get; set; } = true;

    /// <summary>What the text field is called ("Comment", "Note"); its test id is the name in lower case.</summary>
    [Parameter] public string TextName { get; set; } = "Comment";

    [Parameter] public string? TextPlaceholder { get; set; }

    /// <summary>Names the label buttons' test ids: <c>{LabelTestId}-safe</c>, <c>selected-{LabelTestId}</c>.</summary>
    [Parameter] public string LabelTestId { get; set; } = "label";

    /// <summary>Starts the rubric controls' test ids: <c>{prefix}Instruct-q1-yes</c>, <c>{prefix}review-Cot</c>.</summary>
    [Parameter] public string RubricTestIdPrefix { get; set; } = "";

    /// <summary>Measures active time from the input events the workspace sees (keys, pointer presses, typing), if given.</summary>
    [Parameter] public ActiveTimeTracker? Time { get; set; }

    /// <summary>The submit key was pressed (in the workspace or the text field).</summary>
    [Parameter] public EventCallback OnSubmit { get; set; }

    /// <summary>A key the editor does not take, unmodified (no Ctrl, Alt or Meta), for the view's own shortcuts.</summary>
    [Parameter] public EventCallback<KeyboardEventArgs> OnKey { get; set; }

    /// <summary>Attributes of the workspace element (its test id, item id, aria-label).</summary>
    [Parameter(CaptureUnmatchedValues = true)] public IReadOnlyDictionary<string, object>? RootAttributes { get; set; }

    private string TextTestId => TextName.ToLowerInvariant();

    private string TextId => "rubric-" + TextTestId;

    /// <summary>The workspace element, which holds the focus for the keys.</summary>
    internal ElementReference RootElement => _root;

    internal ElementReference TextElement => _text;

    /// <summary>Gives the workspace the focus after the next render (e.g. after a click on a button moved it away).</summary>
    public void FocusRootAfterRender() => _focusRoot = true;

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(Draft, _loaded))
        {
            return;
        }
        _loaded = Draft;
        _initialText = Draft.Text;
        _focusRoot = true;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focusRoot)
        {
            _focusRoot = false;
            await _root.FocusAsync();
        }
    }

    private void Touch() => Time?.Touch();

    private bool IsSubmitKey(KeyboardEventArgs e) => e.Key == "Enter" && (EnterSubmits || e.CtrlKey || e.MetaKey);

    private async Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        Touch();
        if (IsSubmitKey(e))
        {
            await OnSubmit.InvokeAsync();
            return;
        }
        if (e.CtrlKey || e.AltKey || e.MetaKey)
        {
            return;
        }
        if (!(Editable && await TakeKeyAsync(e.Key)))
        {
            await OnKey.InvokeAsync(e);
        }
    }

    /// <summary>Acts on an answer key; false for any other key.</summary>
    private async Task<bool> TakeKeyAsync(string key)
    {
        if (key is "c" or "C" && _text.Id is not null)
        {
            await _text.FocusAsync();
            return true;
        }
        if (!Draft.IsReview)
        {
            QueryLabel? label = key switch
            {
                "s" or "S" or "1" => QueryLabel.Safe,
                "u" or "U" or "2" => QueryLabel.Unsafe,
                _ => null,
            };
            if (label is { } chosen)
            {
                Draft.SetLabel(chosen);
            }
            return label is not null;
        }
        if (Draft.Responses.Count == 0)
        {
            return false;
        }
        switch (key)
        {
            case "1" or "2" or "3" or "4" or "5":
                Draft.ToggleAnswer(key[0] - '1');
                return true;
            case "[":
                Draft.StepHelpfulness(-1);
                return true;
            case "]":
                Draft.StepHelpfulness(+1);
                return true;
            case "r" or "R":
                Draft.NextResponse();
                return true;
            default:
                return false;
        }
    }

    private async Task OnTextKeyDownAsync(KeyboardEventArgs e)
    {
        Touch();
        if (IsSubmitKey(e))
        {
            await OnSubmit.InvokeAsync();
        }
        else if (e.Key == "Escape")
        {
            await _root.FocusAsync();
        }
    }

    private void OnTextInput(ChangeEventArgs e)
    {
        Touch();
        Draft.Text = e.Value?.ToString() ?? "";
    }

    private void SetLabel(QueryLabel label) => Draft.SetLabel(label);

    private void SetAnswer(ResponseKind kind, int question, bool answer) => Draft.SetAnswer(kind, question, answer);

    private void SetHelpfulness(ResponseKind kind, int value) => Draft.SetHelpfulness(kind, value);
}
