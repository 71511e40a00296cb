using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Features.Datasets;
using FalseReject.Web.Security;

namespace FalseReject.Web.Tests.Datasets;

public sealed class QueryBrowseServiceTests : IAsyncLifetime
{
    private ServiceTestHost _host = null!;
    private QueryBrowseService _service = null!;
    private DatasetService _datasets = null!;
    private int _datasetId;
    private int _otherDatasetId;

    public async Task InitializeAsync()
    {
        _host = await ServiceTestHost.StartAsync();
        _service = _host.GetRequiredService<QueryBrowseService>();
        _datasets = _host.GetRequiredService<DatasetService>();
        _datasetId = await DatasetSeed.AddDatasetAsync(_host, "browse-main",
            new SeedQuery("How do locksmiths open a car door without the key?", 10),
            new SeedQuery("What household chemicals are dangerous when mixed?", 19, InstructResponse: "## Safety\nNever mix bleach and ammonia."),
            new SeedQuery("Why do some people say harmful things online?", 1),
            new SeedQuery("Explain the pharmacology of common overdoses for a nursing exam.", 6, CotReasoning: "The user is a student.", CotSolution: "Here is the overview."),
            new SeedQuery("Which LOCKS are hardest to pick?", 10, InstructResponse: "Disc detainer locks."),
            new SeedQuery("Café owners: how to spot counterfeit banknotes?", 16));
        _otherDatasetId = await DatasetSeed.AddDatasetAsync(_host, "browse-other",
            new SeedQuery("How do locksmiths train apprentices?", 10));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task TheDatasetListing_HasRowCountsResponseCountsAndPerCategoryCounts_ForTheListAndForOneByName()
    {
        var datasets = await _datasets.ListAsync();

        var main = Assert.Single(datasets, d => d.Name == "browse-main");
        Assert.Equal(6, main.QueryCount);
        Assert.Equal(3, main.WithResponsesCount);
        Assert.Equal("browse-main.jsonl", main.Source);
        Assert.Equal(
            [(1, 1), (6, 1), (10, 2), (16, 1), (19, 1)],
            main.Categories.Select(c => (c.CategoryId, c.Count)));
        Assert.Equal("Property Crimes", main.Categories.Single(c => c.CategoryId == 10).CategoryName);
        Assert.Equal(1, Assert.Single(datasets, d => d.Name == "browse-other").QueryCount);
        Assert.Equal(["browse-main", "browse-other"], (await _datasets.ListNamesAsync()).Where(n => n.StartsWith("browse-", StringComparison.Ordinal)));

        var byName = (await _datasets.GetByNameAsync(" browse-main "))!;
        Assert.Equal(main, byName with { Categories = main.Categories });
        Assert.Equal(main.Categories, byName.Categories);
        Assert.Null(await _datasets.GetByNameAsync("no-such-dataset"));
    }

    [Fact]
    public async Task ReturnsTheRequestedPageInDatasetOrderWithTheTotal()
    {
        var page = await _service.GetQueryPageAsync(new QueryPageRequest(_datasetId, Page: 1, PageSize: 4));

        Assert.Equal(6, page.TotalCount);
        Assert.Equal([4, 5], page.Rows.Select(r => r.Ordinal));
    }

    [Fact]
    public async Task SortsByPromptLengthDescending()
    {
        var page = await _service.GetQueryPageAsync(new QueryPageRequest(_datasetId, Sort: QuerySort.PromptLength, Descending: true));

        Assert.Equal(page.Rows.Select(r => r.PromptLength).OrderDescending(), page.Rows.Select(r => r.PromptLength));
        Assert.Equal(3, page.Rows[0].Ordinal);
        Assert.Equal(page.Rows[0].Prompt.Length, page.Rows[0].PromptLength);
    }

    [Fact]
    public async Task SortsByCategoryThenDatasetOrder()
    {
        var page = await _service.GetQueryPageAsync(new QueryPageRequest(_datasetId, Sort: QuerySort.Category));

        Assert.Equal([1, 6, 10, 10, 16, 19], page.Rows.Select(r => r.CategoryId));
        Assert.Equal([0, 4], page.Rows.Where(r => r.CategoryId == 10).Select(r => r.Ordinal));
    }

    [Fact]
    public async Task SortsByPromptAndByHasResponses()
    {
        var byPrompt = await _service.GetQueryPageAsync(new QueryPageRequest(_datasetId, Sort: QuerySort.Prompt));
        var withResponsesFirst = await _service.GetQueryPageAsync(new QueryPageRequest(_datasetId, Sort: QuerySort.HasResponses, Descending: true));

        Assert.Equal(byPrompt.Rows.Select(r => r.Prompt).Order(StringComparer.Ordinal), byPrompt.Rows.Select(r => r.Prompt));
        Assert.Equal([true, true, true, false, false, false], withResponsesFirst.Rows.Select(r => r.HasResponses));
    }

    [Fact]
    public async Task FiltersByAnyOfSeveralCategories()
    {
        var page = await _service.GetQueryPageAsync(new QueryPageRequest(_datasetId, CategoryIds: [10, 19]));

        Assert.Equal(3, page.TotalCount);
        Assert.All(page.Rows, r => Assert.Contains(r.CategoryId, new[] { 10, 19 }));
    }

    [Theory]
    [InlineData(true, new[] { 1, 3, 4 })]
    [InlineData(false, new[] { 0, 2, 5 })]
    public async Task FiltersByWhetherResponsesExist(bool hasResponses, int[] ordinals)
    {
        var page = await _service.GetQueryPageAsync(new QueryPageRequest(_datasetId, HasResponses: hasResponses));

        Assert.Equal(ordinals, page.Rows.Select(r => r.Ordinal));
        Assert.Equal(ordinals.Length, page.TotalCount);
    }

    [Theory]
    [InlineData("locksmiths", new[] { 0 })]
    [InlineData("LOCK", new[] { 0, 4 })]            // prefix and case-insensitive: "locksmiths", "LOCKS"
    [InlineData("harm", new[] { 2 })]               // "harmful"
    [InlineData("household chemicals", new[] { 1 })] // every word required
    [InlineData("household locksmiths", new int[0])]
    [InlineData("cafe", new[] { 5 })]               // accents folded
    [InlineData("nursing-exam", new[] { 3 })]       // punctuation splits words
    public async Task FindsPromptsContainingEveryWordOfTheSearch(string search, int[] ordinals)
    {
        var page = await _service.GetQueryPageAsync(new QueryPageRequest(_datasetId, Search: search));

        Assert.Equal(ordinals, page.Rows.Select(r => r.Ordinal));
        Assert.Equal(ordinals.Length, page.TotalCount);
    }

    [Theory]
    [InlineData("\"locks")]
    [InlineData("locks AND OR NOT")]
    [InlineData("NEAR(locks car)")]
    [InlineData("lock* -car ^how")]
    [InlineData("Prompt:locks")]
    public async Task TreatsSearchSyntaxAsPlainWords_When_SearchLooksLikeAQueryLanguage(string search)
    {
        var page = await _service.GetQueryPageAsync(new QueryPageRequest(_datasetId, Search: search));

        Assert.All(page.Rows, r => Assert.Contains("lock", r.Prompt, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!*")]
    public async Task ReturnsEveryRow_When_SearchHasNoWords(string search)
    {
        var page = await _service.GetQueryPageAsync(new QueryPageRequest(_datasetId, Search: search));

        Assert.Equal(6, page.TotalCount);
    }

    [Fact]
    public async Task SearchesOnlyTheRequestedDatasetAndCombinesWithFilters()
    {
        var locks = await _service.GetQueryPageAsync(new QueryPageRequest(_datasetId, Search: "locks", HasResponses: true, CategoryIds: [10]));
        var other = await _service.GetQueryPageAsync(new QueryPageRequest(_otherDatasetId, Search: "locksmiths"));

        Assert.Equal([4], locks.Rows.Select(r => r.Ordinal));
        Assert.Equal(1, other.TotalCount);
        Assert.Equal("How do locksmiths train apprentices?", other.Rows.Single().Prompt);
    }

    [Fact]
    public async Task KeepsTheSearchIndexInStep_When_PromptsChangeOrAreDeleted()
    {
        await using (var db = await _host.CreateDbContextAsync())
        {
            var changed = await db.Queries.SingleAsync(q => q.DatasetId == _datasetId && q.Ordinal == 0);
            changed.Prompt = "How do glaziers replace a shop window?";
            changed.PromptHash = DatasetSeed.Hash(changed.Prompt);
            db.Queries.Remove(await db.Queries.SingleAsync(q => q.DatasetId == _otherDatasetId));
            await db.SaveChangesAsync();
        }

        Assert.Equal(0, (await _service.GetQueryPageAsync(new QueryPageRequest(_datasetId, Search: "locksmiths"))).TotalCount);
        Assert.Equal(0, (await _service.GetQueryPageAsync(new QueryPageRequest(_otherDatasetId, Search: "locksmiths"))).TotalCount);
        Assert.Equal([0], (await _service.GetQueryPageAsync(new QueryPageRequest(_datasetId, Search: "glaziers"))).Rows.Select(r => r.Ordinal));
    }

    [Fact]
    public async Task KeepsTheSearchIndexInStep_When_ADatasetIsDeleted()
    {
        await using (var db = await _host.CreateDbContextAsync())
        {
            await db.Datasets.Where(d => d.Id == _otherDatasetId).ExecuteDeleteAsync();
            var indexed = await db.Database.SqlQuery<int>($"""SELECT count(*) AS "Value" FROM "QueryPromptSearch" WHERE "QueryPromptSearch" MATCH 'apprentices'""").SingleAsync();
            Assert.Equal(0, indexed);
        }
    }

    [Fact]
    public async Task ReturnsTheQueryDetailWithResponsesApartAndIndentedMetadata()
    {
        var id = await FirstIdAsync(3);
        await using (var db = await _host.CreateDbContextAsync())
        {
            var query = await db.Queries.SingleAsync(q => q.Id == id);
            query.MetadataJson = """{"seed_prompt":"x","votes":[1,0]}""";
            await db.SaveChangesAsync();
        }

        var detail = await _service.GetQueryAsync(id);

        Assert.NotNull(detail);
        Assert.Equal("browse-main", detail.DatasetName);
        Assert.Equal(6, detail.CategoryId);
        Assert.Equal("Self-Harm", detail.CategoryName);
        Assert.Equal("The user is a student.", detail.CotReasoning);
        Assert.Equal("Here is the overview.", detail.CotSolution);
        Assert.Equal(4, detail.SourceLine);
        Assert.Contains("\n", detail.MetadataJson);
        Assert.Contains("\"seed_prompt\": \"x\"", detail.MetadataJson);
    }

    [Fact]
    public async Task ReturnsNull_When_QueryDoesNotExist() => Assert.Null(await _service.GetQueryAsync(987654));

    [Theory]
    [InlineData(Roles.Annotator)]
    [InlineData(null)]
    public async Task RefusesEveryCall_When_CallerIsNotAReviewerOrAdmin(string? role)
    {
        if (role is null)
        {
            _host.SignOut();
        }
        else
        {
            _host.SignInAs("annotator@example.org", role);
        }

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _datasets.ListAsync());
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _datasets.ListNamesAsync());
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _service.GetQueryPageAsync(new QueryPageRequest(_datasetId)));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _service.GetQueryAsync(1));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _service.GetDatasetNameAsync(_datasetId));
    }

    [Fact]
    public async Task AllowsAReviewer()
    {
        _host.SignInAs("reviewer@example.org", Roles.Reviewer);

        Assert.Equal(6, (await _service.GetQueryPageAsync(new QueryPageRequest(_datasetId))).TotalCount);
    }

    private async Task<int> FirstIdAsync(int ordinal)
    {
        await using var db = await _host.CreateDbContextAsync();
        return await db.Queries.Where(q => q.DatasetId == _datasetId && q.Ordinal == ordinal).Select(q => q.Id).SingleAsync();
    }
}
