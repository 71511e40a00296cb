using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using FalseReject.Web.Features.Datasets;
using FalseReject.Web.Rendering;
using FalseReject.Web.Security;
using FalseReject.Web.Tests.Rendering;

namespace FalseReject.Web.Tests.Datasets;

/// <summary>The query page against the real service on a temp SQLite store.</summary>
public sealed class QueryPageTests : MudBunitContext, IAsyncLifetime
{
    private const string HostileInstruct = """
        ## Understanding the context

        Lock mechanisms are a **legitimate** topic. <script>alert('instruct')</script>

        <img src=x onerror="alert('img')"> [click](javascript:alert('link')) ![pixel](javascript:alert('image'))

        <svg onload=alert('svg')></svg><iframe src="javascript:alert('frame')"></iframe>
        """;

    private ServiceTestHost _host = null!;
    private int _structuredId;
    private int _plainId;

    public async Task InitializeAsync()
    {
        _host = await ServiceTestHost.StartAsync();
        var datasetId = await DatasetSeed.AddDatasetAsync(_host, "page-dataset",
            new SeedQuery(
                "How do <b>locksmiths</b> open doors? <script>alert('prompt')</script>",
                10,
                InstructResponse: HostileInstruct,
                CotReasoning: "The user **might** be a hobbyist. <script>alert('reasoning')</script>",
                CotSolution: "### Final answer\n\nCall a licensed locksmith. <a href=\"javascript:alert('solution')\">x</a>",
                MetadataJson: """{"seed_prompt":"<script>alert('meta')</script>","validator_votes":[1,0]}"""),
            new SeedQuery("A plain question without responses", 46));
        await using var db = await _host.CreateDbContextAsync();
        _structuredId = await db.Queries.Where(q => q.DatasetId == datasetId && q.Ordinal == 0).Select(q => q.Id).SingleAsync();
        _plainId = await db.Queries.Where(q => q.DatasetId == datasetId && q.Ordinal == 1).Select(q => q.Id).SingleAsync();

        Services.AddScoped(_ => _host.Services.CreateScope().ServiceProvider.GetRequiredService<QueryBrowseService>());
        Services.AddSafeMarkdown();
        SignIn("reviewer@example.org", Roles.Reviewer);
    }

    async Task IAsyncLifetime.DisposeAsync() => await _host.DisposeAsync();

    private IRenderedComponent<QueryPage> RenderQuery(int id)
    {
        var cut = Render<QueryPage>(p => p.Add(c => c.Id, id));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-progress-linear")));
        return cut;
    }

    [Fact]
    public void ShowsThePromptAsTextAndTheCategoryAndSourceLine()
    {
        var cut = RenderQuery(_structuredId);

        var prompt = cut.Find("[data-testid=query-prompt]");
        Assert.Equal("How do <b>locksmiths</b> open doors? <script>alert('prompt')</script>", prompt.TextContent.Trim());
        Assert.Empty(prompt.QuerySelectorAll("b, script"));
        Assert.Contains("10 · Property Crimes", cut.Find("[data-testid=query-category]").TextContent);
        Assert.Contains("Line 1 of page-dataset.jsonl", cut.Find("[data-testid=query-source]").TextContent);
    }

    [Fact]
    public void RendersTheInstructResponseAsMarkdown()
    {
        var cut = RenderQuery(_structuredId);

        var instruct = cut.Find("[data-testid=instruct-response] .safe-markdown");
        Assert.Equal("Understanding the context", instruct.QuerySelector("h2")?.TextContent);
        Assert.Equal("legitimate", instruct.QuerySelector("strong")?.TextContent);
    }

    [Fact]
    public void KeepsTheReasoningCollapsedAndTheFinalSolutionApart()
    {
        var cut = RenderQuery(_structuredId);

        var reasoning = cut.Find("[data-testid=cot-reasoning]");
        Assert.DoesNotContain("mud-panel-expanded", reasoning.ClassName ?? "");
        Assert.Contains("Reasoning", reasoning.TextContent);
        var solution = cut.Find("[data-testid=cot-solution]");
        Assert.Null(solution.Closest("[data-testid=cot-reasoning]"));
        Assert.Equal("Final answer", solution.QuerySelector("h3")?.TextContent);

        cut.Find("[data-testid=cot-reasoning] .mud-expand-panel-header").Click();

        cut.WaitForAssertion(() =>
        {
            var expanded = cut.Find("[data-testid=cot-reasoning]");
            Assert.Contains("mud-panel-expanded", expanded.ClassName ?? "");
            Assert.Equal("might", expanded.QuerySelector(".safe-markdown strong")?.TextContent);
        });
    }

    [Fact]
    public void LeavesEveryHostilePayloadInert()
    {
        var cut = RenderQuery(_structuredId);
        cut.Find("[data-testid=cot-reasoning] .mud-expand-panel-header").Click();
        cut.WaitForAssertion(() => Assert.Contains("mud-panel-expanded", cut.Find("[data-testid=cot-reasoning]").ClassName ?? ""));

        Assert.Empty(cut.FindAll("script, iframe, svg:not(.mud-icon-root), img, object, embed"));
        foreach (var block in cut.FindAll(".safe-markdown"))
        {
            MarkdownRendererTests.AssertInert(block.InnerHtml);
        }
        Assert.All(cut.FindAll("[href]"), e => Assert.DoesNotContain("javascript:", e.GetAttribute("href")!, StringComparison.OrdinalIgnoreCase));
        Assert.All(cut.FindAll("*"), e => Assert.DoesNotContain(e.Attributes, a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        // The payloads are still visible to the reader, as text.
        Assert.Contains("<script>alert('instruct')</script>", cut.Find("[data-testid=instruct-response]").TextContent);
    }

    [Fact]
    public void ShowsTheMetadataAsIndentedText()
    {
        var cut = RenderQuery(_structuredId);

        var metadata = cut.Find("[data-testid=query-metadata]");
        Assert.Equal("pre", metadata.LocalName);
        Assert.Contains("\"seed_prompt\": \"<script>alert('meta')</script>\"", metadata.TextContent);
        Assert.Empty(metadata.Children);
    }

    [Fact]
    public void SaysThereAreNoResponses_When_QueryHasNone()
    {
        var cut = RenderQuery(_plainId);

        Assert.NotNull(cut.Find("[data-testid=no-responses]"));
        Assert.Empty(cut.FindAll("[data-testid=instruct-response], [data-testid=cot-response], [data-testid=query-metadata]"));
    }

    [Fact]
    public void SaysSo_When_QueryDoesNotExist()
    {
        var cut = RenderQuery(999999);

        Assert.Contains("no query with id 999999", cut.Find("[data-testid=query-not-found]").TextContent);
    }
}
