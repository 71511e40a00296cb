using Microsoft.AspNetCore.Components;
using FalseReject.Web.Components.Shared;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Features.Review;

/// <summary>
/// <c>/review?dataset=N&amp;task=label|review&amp;status=...&amp;category=N&amp;annotator=ID</c>: the
/// disagreement queue of a dataset, every filter in the URL.
/// </summary>
public sealed partial class ReviewPage
{
    internal const string TaskLabel = "label";
    internal const string TaskReview = "review";

    private IReadOnlyList<ReviewDataset>? _datasets;
    private ReviewQueue? _queue;
    private string? _denied;

    /// <summary><c>?dataset=</c>, read with <see cref="QueryValues"/> (a value that is not an id is ignored).</summary>
    [SupplyParameterFromQuery(Name = "dataset")] public string? DatasetText { get; set; }

    [SupplyParameterFromQuery(Name = "task")] public string? TaskName { get; set; }

    [SupplyParameterFromQuery(Name = "status")] public string? StatusName { get; set; }

    [SupplyParameterFromQuery(Name = "category")] public string? CategoryText { get; set; }

    [SupplyParameterFromQuery(Name = "annotator")] public string? Annotator { get; set; }

    /// <summary>The dataset shown: the URL's, else the one with the most open disputes.</summary>
    private int? Dataset { get; set; }

    private int? Category => QueryValues.Int(CategoryText);

    private ReviewStatusFilter StatusFilter => ParseStatus(StatusName);

    internal static ReviewStatusFilter ParseStatus(string? name) =>
        Enum.TryParse<ReviewStatusFilter>(name, ignoreCase: true, out var status) ? status : ReviewStatusFilter.OpenDisputes;

    internal static AnnotationTaskType ParseTask(string? name) =>
        string.Equals(name, TaskReview, StringComparison.OrdinalIgnoreCase) ? AnnotationTaskType.ResponseReview : AnnotationTaskType.QueryLabel;

    /// <summary>The queue's filters as a query string (without the dataset), carried to the item pages for N/P.</summary>
    internal static string FilterQuery(ReviewQueueFilter filter)
    {
        var parts = new List<string> { $"task={(filter.Task == AnnotationTaskType.ResponseReview ? TaskReview : TaskLabel)}" };
        if (filter.Status != ReviewStatusFilter.OpenDisputes)
        {
            parts.Add($"status={filter.Status}");
        }
        if (filter.CategoryId is { } c)
        {
            parts.Add($"category={c}");
        }
        if (!string.IsNullOrEmpty(filter.AnnotatorId))
        {
            parts.Add($"annotator={Uri.EscapeDataString(filter.AnnotatorId)}");
        }
        return string.Join("&", parts);
    }

    protected override async Task OnParametersSetAsync()
    {
        try
        {
            _datasets ??= await Review.ListDatasetsAsync();
            Dataset = QueryValues.Int(DatasetText);
            if (Dataset is null)
            {
                // The dataset with the most open disputes first.
                Dataset = _datasets.OrderByDescending(d => d.OpenDisputes).FirstOrDefault()?.Id;
            }
            _queue = Dataset is { } id
                ? await Review.GetQueueAsync(id, new ReviewQueueFilter(ParseTask(TaskName), Category, string.IsNullOrEmpty(Annotator) ? null : Annotator, StatusFilter))
                : null;
        }
        catch (UnauthorizedAccessException ex)
        {
            _denied = ex.Message;
        }
    }

    private string ItemHref(long itemId) => $"review/items/{itemId}?{FilterQuery(_queue!.Filter)}";

    private void Go(int? dataset = null, string? task = null, ReviewStatusFilter? status = null, int? category = null, string? annotator = null)
    {
        var changedDataset = dataset is not null && dataset != Dataset;
        var filter = new ReviewQueueFilter(
            ParseTask(task ?? TaskName),
            changedDataset ? null : category switch { null => Category, 0 => null, var c => c },
            changedDataset ? null : annotator switch { null => Annotator, "" => null, var a => a },
            status ?? StatusFilter);
        Navigation.NavigateTo($"review?dataset={dataset ?? Dataset}&{FilterQuery(filter)}");
    }

    private static string Shorten(string prompt) => prompt.Length <= 160 ? prompt : prompt[..157] + "…";
}
