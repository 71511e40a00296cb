using Microsoft.AspNetCore.Components;
using MudBlazor;
using FalseReject.Web.Components.Shared;

namespace FalseReject.Web.Features.Datasets;

/// <summary>
/// A dataset's queries in a server-side grid. The filters (categories, responses, search) live in
/// the query string, so every view has a URL: a change navigates to the new URL, and the new
/// parameters reload the grid from its first page.
/// </summary>
public partial class DatasetQueriesPage
{
    internal const string AnyResponses = "any";
    internal const string WithResponses = "with";
    internal const string WithoutResponses = "without";

    private static readonly int[] PageSizes = [25, 50, 100];

    private MudDataGrid<QueryRow>? _grid;
    private IReadOnlyList<CategoryOption> _categories = [];
    private List<BreadcrumbItem> _breadcrumbs = [];
    private string? _datasetName;
    private bool _notFound;
    private string? _loadedFilters;

    [Parameter] public int DatasetId { get; set; }

    /// <summary>The search text (<c>?q=</c>).</summary>
    [SupplyParameterFromQuery(Name = "q")] public string? Q { get; set; }

    /// <summary>Category ids, any of which a query may have (<c>?category=10&amp;category=19</c>); values that are not ids are ignored.</summary>
    [SupplyParameterFromQuery(Name = "category")] public string[]? Category { get; set; }

    /// <summary><c>with</c> or <c>without</c> structured responses; anything else means either.</summary>
    [SupplyParameterFromQuery(Name = "responses")] public string? Responses { get; set; }

    private IReadOnlyCollection<int> SelectedCategories => QueryValues.Ints(Category);

    private string ResponsesFilterValue => HasResponses switch { true => WithResponses, false => WithoutResponses, null => AnyResponses };

    private bool? HasResponses =>
        string.Equals(Responses, WithResponses, StringComparison.OrdinalIgnoreCase) ? true
        : string.Equals(Responses, WithoutResponses, StringComparison.OrdinalIgnoreCase) ? false
        : null;

    private string FilterKey => $"{DatasetId}|{Q}|{string.Join(',', SelectedCategories.Order())}|{HasResponses}";

    protected override async Task OnInitializedAsync() => _categories = await Browse.ListCategoriesAsync();

    protected override async Task OnParametersSetAsync()
    {
        if (_datasetName is null || !_loadedFilters!.StartsWith($"{DatasetId}|", StringComparison.Ordinal))
        {
            _datasetName = await Browse.GetDatasetNameAsync(DatasetId);
            _notFound = _datasetName is null;
            _breadcrumbs =
            [
                new BreadcrumbItem("Datasets", "/datasets"),
                new BreadcrumbItem(_datasetName ?? $"#{DatasetId}", null, disabled: true),
            ];
        }

        var filters = FilterKey;
        if (_loadedFilters is not null && _loadedFilters != filters && _grid is not null)
        {
            // New filters: back to the first page (NavigateTo reloads when the page changes).
            if (_grid.CurrentPage != 0)
            {
                _grid.NavigateTo(Page.First);
            }
            else
            {
                await _grid.ReloadServerData();
            }
        }
        _loadedFilters = filters;
    }

    private async Task<GridData<QueryRow>> LoadPageAsync(GridState<QueryRow> state, CancellationToken cancellationToken)
    {
        if (_notFound)
        {
            return new GridData<QueryRow> { Items = [], TotalItems = 0 };
        }
        var sort = state.SortDefinitions.FirstOrDefault();
        var request = new QueryPageRequest(
            DatasetId,
            Page: state.Page,
            PageSize: state.PageSize,
            Sort: SortOf(sort?.SortBy),
            Descending: sort?.Descending ?? false,
            CategoryIds: SelectedCategories,
            HasResponses: HasResponses,
            Search: Q);
        try
        {
            var page = await Browse.GetQueryPageAsync(request, cancellationToken);
            return new GridData<QueryRow> { Items = page.Rows, TotalItems = page.TotalCount };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A newer request (another page, sort or filter) superseded this one.
            return new GridData<QueryRow> { Items = [], TotalItems = 0 };
        }
    }

    internal static QuerySort SortOf(string? column) => column switch
    {
        nameof(QueryRow.CategoryId) => QuerySort.Category,
        nameof(QueryRow.Prompt) => QuerySort.Prompt,
        nameof(QueryRow.PromptLength) => QuerySort.PromptLength,
        nameof(QueryRow.HasResponses) => QuerySort.HasResponses,
        _ => QuerySort.Ordinal,
    };

    private string CategoriesText(IReadOnlyList<string> values) =>
        values.Count switch
        {
            0 => string.Empty,
            1 => _categories.FirstOrDefault(c => c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == values[0])?.Name ?? values[0],
            _ => $"{values.Count} categories",
        };

    private Task OnSearchChangedAsync(string? search) =>
        NavigateWithAsync(("q", string.IsNullOrWhiteSpace(search) ? null : search.Trim()));

    private Task OnCategoriesChangedAsync(IReadOnlyCollection<int>? categories) =>
        NavigateWithAsync(("category", categories is { Count: > 0 } ? categories.Order().ToArray() : null));

    private Task OnResponsesChangedAsync(string? responses) =>
        NavigateWithAsync(("responses", responses is WithResponses or WithoutResponses ? responses : null));

    private Task NavigateWithAsync((string Name, object? Value) change)
    {
        var uri = Navigation.GetUriWithQueryParameters(new Dictionary<string, object?> { [change.Name] = change.Value });
        Navigation.NavigateTo(uri, replace: true);
        return Task.CompletedTask;
    }
}
