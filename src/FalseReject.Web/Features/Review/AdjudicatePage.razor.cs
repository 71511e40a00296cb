using Microsoft.AspNetCore.Components;
using MudBlazor;
using FalseReject.Web.Components.Shared;

namespace FalseReject.Web.Features.Review;

/// <summary>
/// <c>/review/items/{id}?task=...&amp;status=...&amp;category=...&amp;annotator=...</c>: one item's
/// adjudication. The queue order under those filters is taken once when the page opens, so N and
/// P walk the same list even as decided items leave the open-disputes filter.
/// </summary>
public sealed partial class AdjudicatePage
{
    private AdjudicationItemView? _item;
    private List<long>? _order;
    private (int DatasetId, ReviewQueueFilter Filter)? _orderKey;
    private string? _denied;
    private string? _message;
    private Severity _messageSeverity = Severity.Warning;
    private bool _missing;
    private bool _busy;
    private bool _hideNames;

    [Parameter] public long ItemId { get; set; }

    [SupplyParameterFromQuery(Name = "task")] public string? TaskName { get; set; }

    [SupplyParameterFromQuery(Name = "status")] public string? StatusName { get; set; }

    /// <summary><c>?category=</c>, read with <see cref="QueryValues"/> (a value that is not an id is ignored).</summary>
    [SupplyParameterFromQuery(Name = "category")] public string? CategoryText { get; set; }

    private int? Category => QueryValues.Int(CategoryText);

    [SupplyParameterFromQuery(Name = "annotator")] public string? Annotator { get; set; }

    private ReviewQueueFilter Filter => new(
        _item?.Task ?? ReviewPage.ParseTask(TaskName),
        Category,
        string.IsNullOrEmpty(Annotator) ? null : Annotator,
        ReviewPage.ParseStatus(StatusName));

    private int Index => _order?.IndexOf(ItemId) ?? -1;

    private long? Previous => _order is null || Index <= 0 ? null : _order[Index - 1];

    private long? Next => _order is null ? null
        : Index < 0 ? _order.FirstOrDefault(id => id != ItemId) is var first and > 0 ? first : null
        : Index + 1 < _order.Count ? _order[Index + 1] : null;

    private string? Position => _order is null || Index < 0 ? null : $"{Index + 1} of {_order.Count}";

    private string QueueHref => _item is null ? "review" : $"review?dataset={_item.DatasetId}&{ReviewPage.FilterQuery(Filter)}";

    protected override async Task OnParametersSetAsync()
    {
        try
        {
            _missing = false;
            _denied = null;
            _item = await Review.GetItemAsync(ItemId);
            if (_item is null)
            {
                _missing = true;
                return;
            }
            var key = (_item.DatasetId, Filter);
            if (_orderKey != key)
            {
                var queue = await Review.GetQueueAsync(_item.DatasetId, Filter);
                _order = queue is null ? [] : [.. queue.Items.Select(i => i.ItemId)];
                _orderKey = key;
            }
        }
        catch (UnauthorizedAccessException ex)
        {
            _denied = ex.Message;
        }
    }

    private async Task SaveAsync(AdjudicationInput input)
    {
        _busy = true;
        try
        {
            var result = await Review.AdjudicateAsync(ItemId, input);
            if (result.Succeeded)
            {
                _item = await Review.GetItemAsync(ItemId);
                _message = Next is null ? "Saved. This was the last item of the queue." : "Saved. N goes to the next item.";
                _messageSeverity = Severity.Success;
            }
            else
            {
                _message = result.Error;
                _messageSeverity = Severity.Warning;
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private void Go(long? itemId)
    {
        if (itemId is { } id)
        {
            _message = null;
            Navigation.NavigateTo($"review/items/{id}?{ReviewPage.FilterQuery(Filter)}");
        }
    }
}
