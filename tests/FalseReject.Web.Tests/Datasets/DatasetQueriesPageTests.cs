using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using FalseReject.Web.Features.Datasets;
using FalseReject.Web.Rendering;
using FalseReject.Web.Security;

namespace FalseReject.Web.Tests.Datasets;

/// <summary>The queries grid against the real service on a temp SQLite store.</summary>
public sealed class DatasetQueriesPageTests : MudBunitContext, IAsyncLifetime
{
    private ServiceTestHost _host = null!;
    private int _datasetId;

    public async Task InitializeAsync()
    {
        _host = await ServiceTestHost.StartAsync();
        var queries = Enumerable.Range(0, 30)
            .Select(i => new SeedQuery(
                i == 7 ? "How do locksmiths open a car door without the key?" : $"Generic question number {i} about gardening",
                i % 2 == 0 ? 10 : 41,
                InstructResponse: i % 3 == 0 ? "A response." : null))
            .ToArray();
        _datasetId = await DatasetSeed.AddDatasetAsync(_host, "grid-dataset", queries);
        Services.AddScoped(_ => _host.Services.CreateScope().ServiceProvider.GetRequiredService<QueryBrowseService>());
        Services.AddSafeMarkdown();
        SignIn("admin@example.org", Roles.Admin);
    }

    async Task IAsyncLifetime.DisposeAsync() => await _host.DisposeAsync();

    private IRenderedComponent<DatasetQueriesPage> RenderPage(string? q = null, int[]? category = null, string? responses = null)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(
            Services.GetRequiredService<NavigationManager>().GetUriWithQueryParameters($"/datasets/{_datasetId}/queries",
                new Dictionary<string, object?> { ["q"] = q, ["category"] = category, ["responses"] = responses }));
        return Render<DatasetQueriesPage>(p => p.Add(c => c.DatasetId, _datasetId));
    }

    private static IReadOnlyList<string> Prompts(IRenderedComponent<DatasetQueriesPage> cut) =>
        [.. cut.FindAll("[data-testid^=query-link-]").Select(a => a.TextContent.Trim())];

    [Fact]
    public void ShowsTheFirstPageOfTwentyFiveRowsAndTheTotal()
    {
        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Equal(25, Prompts(cut).Count));
        Assert.Equal("Generic question number 0 about gardening", Prompts(cut)[0]);
        Assert.Contains("of 30", cut.Find(".mud-table-pagination").TextContent);
        Assert.Equal("grid-dataset", cut.Find("h4").TextContent.Trim());
    }

    [Fact]
    public void LoadsTheNextPageFromTheService_When_PagerMovesOn()
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Equal(25, Prompts(cut).Count));

        cut.Find("button[aria-label='Next page']").Click();

        cut.WaitForAssertion(() => Assert.Equal(5, Prompts(cut).Count));
        Assert.Equal("Generic question number 25 about gardening", Prompts(cut)[0]);
    }

    [Fact]
    public void LinksEachRowToItsQueryPage()
    {
        var cut = RenderPage(q: "locksmiths");

        cut.WaitForAssertion(() => Assert.Single(Prompts(cut)));
        var link = cut.Find("[data-testid^=query-link-]");
        Assert.Matches(@"^/queries/\d+$", link.GetAttribute("href"));
    }

    [Fact]
    public void ShowsOnlyMatchingRows_When_UrlCarriesSearchCategoryAndResponsesFilters()
    {
        var searched = RenderPage(q: "locksmiths");
        searched.WaitForAssertion(() => Assert.Equal(["How do locksmiths open a car door without the key?"], Prompts(searched)));

        var filtered = RenderPage(category: [41], responses: "with");
        // Odd numbers (category 41) that are multiples of 3 (with a response): 3, 9, 15, 21, 27.
        filtered.WaitForAssertion(() => Assert.Equal(
            [3, 9, 15, 21, 27],
            Prompts(filtered).Select(p => int.Parse(p.Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Contains("of 5", filtered.Find(".mud-table-pagination").TextContent);
    }

    [Fact]
    public void PutsTheSearchInTheUrlKeepingTheOtherFiltersAndShowsTheMatches_When_UserTypesInTheSearchBox()
    {
        var cut = RenderPage(category: [41], responses: "without");
        cut.WaitForAssertion(() => Assert.Equal(10, Prompts(cut).Count));

        cut.Find("input#query-search").Input("locksmiths");

        var navigation = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Contains("q=locksmiths", navigation.Uri), TimeSpan.FromSeconds(5));
        Assert.Contains("category=41", navigation.Uri);
        Assert.Contains("responses=without", navigation.Uri);
        cut.WaitForAssertion(() => Assert.Equal(["How do locksmiths open a car door without the key?"], Prompts(cut)));
    }

    [Fact]
    public void ReloadsTheGridFromTheFirstPage_When_TheUrlFiltersChange()
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Equal(25, Prompts(cut).Count));
        cut.Find("button[aria-label='Next page']").Click();
        cut.WaitForAssertion(() => Assert.Equal(5, Prompts(cut).Count));

        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameters(new Dictionary<string, object?> { ["q"] = "gardening", ["category"] = new[] { 10 } }));

        // Even numbers are category 10: 15 rows, all on the first page again.
        cut.WaitForAssertion(() => Assert.Equal(15, Prompts(cut).Count));
        Assert.Contains("of 15", cut.Find(".mud-table-pagination").TextContent);
        Assert.Equal("Generic question number 0 about gardening", Prompts(cut)[0]);
    }

    [Fact]
    public void SaysNoQueriesMatch_When_SearchFindsNothing()
    {
        var cut = RenderPage(q: "zeppelin");

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=no-queries]")));
        Assert.Empty(Prompts(cut));
    }

    [Fact]
    public void SaysSo_When_DatasetDoesNotExist()
    {
        var cut = Render<DatasetQueriesPage>(p => p.Add(c => c.DatasetId, 424242));

        cut.WaitForAssertion(() => Assert.Contains("no dataset with id 424242", cut.Find("[data-testid=dataset-not-found]").TextContent));
    }

    [Theory]
    [InlineData("CategoryId", QuerySort.Category)]
    [InlineData("Prompt", QuerySort.Prompt)]
    [InlineData("PromptLength", QuerySort.PromptLength)]
    [InlineData("HasResponses", QuerySort.HasResponses)]
    [InlineData("Ordinal", QuerySort.Ordinal)]
    [InlineData(null, QuerySort.Ordinal)]
    public void MapsGridColumnsToServiceSorts(string? column, QuerySort sort) =>
        Assert.Equal(sort, DatasetQueriesPage.SortOf(column));
}
