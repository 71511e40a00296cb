using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;
using FalseReject.Web.Features.Annotation.Components;

namespace FalseReject.Web.Features.Review.Components;

/// <summary>
/// One item's adjudication form with the reviewer's shortcuts (reason, confidence, next, previous,
/// hide names). The page owns the queue (save, next, previous); the draft decision's label or
/// rubric and note, the focus and the answer keys are the <see cref="RubricEditor"/>'s, as in the
/// labeling view.
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

    private RubricEditor _editor = null!;
    private AdjudicationItemView? _loaded;
    private RubricDraft _draft = null!;
    private AdjudicationReason? _reason;
    private AdjudicationConfidence? _confidence;

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
        // Deciding again starts from the current decision; a first decision starts empty.
        var gold = Item.Gold.Kind == SettlementKind.Adjudicated ? Item.Gold : null;
        _reason = gold?.Reason;
        _confidence = gold is null ? AdjudicationConfidence.Medium : gold.Confidence;
        _draft = RubricDraft.For(Item.Task, Item.Responses, gold?.Label, Item.Gold.Rubric, gold?.Note);
    }

    /// <summary>The reviewer's shortcuts; the answer keys, C and Ctrl+Enter are taken by the editor first.</summary>
    private async Task OnKeyAsync(KeyboardEventArgs e)
    {
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
        var key = e.Key.ToUpperInvariant();
        if (ReasonKeys.FirstOrDefault(r => r.Key == key) is { Key: not null } reason)
        {
            SetReason(reason.Reason);
        }
        else if (ConfidenceKeys.FirstOrDefault(c => c.Key == key) is { Key: not null } confidence)
        {
            SetConfidence(confidence.Confidence);
        }
    }

    private void SetReason(AdjudicationReason reason)
    {
        _reason = reason;
        _draft.Problem = null;
    }

    private void SetConfidence(AdjudicationConfidence confidence)
    {
        _confidence = confidence;
        _draft.Problem = null;
    }

    private async Task ToggleNamesAsync(bool hide) => await HideNamesChanged.InvokeAsync(hide);

    private async Task SaveAsync()
    {
        if (Busy || !Item.CanAdjudicate || BuildInput() is not { } input)
        {
            return;
        }
        _editor.FocusRootAfterRender();
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

    /// <summary>The decision, or null (with what is missing shown) when something is missing.</summary>
    private AdjudicationInput? BuildInput()
    {
        if (_draft.Complete("Choose the gold label first: Safe (1) or Unsafe (2).") is not { } answer)
        {
            return null;
        }
        _draft.Problem = _reason is null ? "Choose a reason: annotator error (A), ambiguous query (Q), guideline gap (G) or genuinely borderline (B)."
            : _confidence is null ? "Choose a confidence: low (L), medium (M) or high (H)."
            : null;
        return _draft.Problem is null ? new AdjudicationInput(answer.Label, answer.Rubric, _confidence, _reason, answer.Text) : null;
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
}
