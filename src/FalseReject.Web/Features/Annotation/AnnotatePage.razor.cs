using Microsoft.AspNetCore.Components;
using FalseReject.Web.Components.Shared;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Features.Annotation;

/// <summary>
/// <c>/annotate</c> lists the datasets open to the caller; <c>/annotate/{id}?task=label|review&amp;category=N</c>
/// is the labeling workspace: it asks the queue for items, submits, skips and undoes, one service
/// call per key press (a submission or a skip reserves the next item in the same transaction).
/// </summary>
public sealed partial class AnnotatePage
{
    private IReadOnlyList<AnnotatableDataset>? _datasets;
    private AnnotationSession? _session;
    private AnnotationProgress? _progress;
    private AnnotationTaskView? _current;
    private readonly List<long> _skipped = [];
    private readonly Stack<long> _undo = new();
    private string? _message;
    private string? _denied;
    private bool _busy;
    private bool _loading = true;

    [Parameter] public int? DatasetId { get; set; }

    /// <summary><c>?category=</c>, read with <see cref="QueryValues"/> (a value that is not an id is ignored).</summary>
    [SupplyParameterFromQuery(Name = "category")] public string? CategoryText { get; set; }

    private int? Category => QueryValues.Int(CategoryText);

    [SupplyParameterFromQuery(Name = "task")] public string? TaskName { get; set; }

    private AnnotationTaskType TaskType => string.Equals(TaskName, "review", StringComparison.OrdinalIgnoreCase)
        ? AnnotationTaskType.ResponseReview
        : AnnotationTaskType.QueryLabel;

    protected override async Task OnParametersSetAsync()
    {
        _message = null;
        _denied = null;
        if (DatasetId is not { } datasetId)
        {
            _datasets = await Annotation.ListDatasetsAsync();
            return;
        }
        try
        {
            _loading = true;
            _session = await Annotation.OpenSessionAsync(datasetId, TaskType);
            _skipped.Clear();
            await NextAsync();
        }
        catch (UnauthorizedAccessException ex)
        {
            _denied = ex.Message;
        }
        catch (NotSupportedException ex)
        {
            _denied = ex.Message;
        }
        catch (InvalidOperationException)
        {
            _denied = $"There is no dataset {datasetId}.";
        }
    }

    /// <summary>The first item of the session and the progress (each key press later makes one service call).</summary>
    private async Task NextAsync()
    {
        _loading = true;
        _current = await Annotation.NextAsync(DatasetId!.Value, TaskType, Category, _skipped);
        _progress = await Annotation.GetProgressAsync(DatasetId.Value, TaskType);
        _loading = false;
    }

    private void Show(QueueStep step)
    {
        _current = step.Next;
        _progress = step.Progress;
    }

    private async Task SubmitAsync(VoteInput input)
    {
        if (_current is null)
        {
            return;
        }
        _busy = true;
        try
        {
            var submitted = await Annotation.SubmitAndNextAsync(_current.ItemId, input, Category, _skipped);
            if (submitted.Step is not { } step)
            {
                _message = submitted.Result.Error;
                return;
            }
            _message = null;
            if (!_undo.Contains(_current.ItemId))
            {
                _undo.Push(_current.ItemId);
            }
            Show(step);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SkipAsync()
    {
        if (_current is null)
        {
            return;
        }
        _busy = true;
        try
        {
            // An item being edited (after undo) was not reserved (nothing to give back) and is not
            // served again anyway: just move on.
            if (_current.MyVote is null)
            {
                _skipped.Add(_current.ItemId);
            }
            _message = null;
            Show(await Annotation.SkipAndNextAsync(_current.ItemId, DatasetId!.Value, TaskType, Category, _skipped));
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>Back to the last submitted item, with the caller's vote, still editable (until it settles).</summary>
    private async Task UndoAsync()
    {
        if (!_undo.TryPop(out var itemId))
        {
            return;
        }
        _busy = true;
        try
        {
            _current = await Annotation.OpenMyVoteAsync(itemId);
            _message = _current is { Editable: false } ? "This item has been settled since: your vote can no longer change." : null;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task AcknowledgeAsync()
    {
        if (_session?.Guideline is { } guideline)
        {
            await Annotation.AcknowledgeGuidelineAsync(_session.DatasetId, guideline.Version);
            _session = _session with { GuidelineNeedsAcknowledgement = false };
        }
    }

    private void ChangeCategory(int? category) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["category"] = category,
            ["task"] = TaskType == AnnotationTaskType.ResponseReview ? "review" : null,
        }));
}
