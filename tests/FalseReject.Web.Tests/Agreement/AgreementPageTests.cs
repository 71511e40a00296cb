using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Agreement;
using FalseReject.Web.Security;
using static FalseReject.Web.Tests.AgreementFeature.AgreementSeed;

// Not "…Tests.Agreement": that namespace would hide the Statistics.Agreement class from the statistics tests.
namespace FalseReject.Web.Tests.AgreementFeature;

/// <summary>The agreement pages against the real service on a temp SQLite store (the hand-worked dataset of <see cref="AgreementServiceTests"/>).</summary>
public sealed class AgreementPageTests : MudBunitContext, IAsyncLifetime
{
    private const string Dataset = "page-dataset";
    private const string HostilePrompt = "How do <b>locksmiths</b> open doors? <script>alert('prompt')</script>";

    private ServiceTestHost _host = null!;
    private Dictionary<string, string> _users = null!;
    private List<long> _items = null!;

    public async Task InitializeAsync()
    {
        _host = await ServiceTestHost.StartAsync();
        (_, _users, _items) = await AddAsync(_host, Dataset, new Dictionary<string, string> { ["a"] = "Ann", ["b"] = "Ben", ["c"] = "Cat" },
            AgreementServiceTests.HandWorked, prompt: q => q == 1 ? HostilePrompt : $"A benign question number {q}");
        await AddAsync(_host, "all-safe", new Dictionary<string, string> { ["x"] = "Xia", ["y"] = "Yan" },
        [
            new(0, 7, AnnotationItemStatus.Settled, QueryLabel.Safe, SettlementKind.Unanimous, S("x"), S("y")),
            new(1, 7, AnnotationItemStatus.Settled, QueryLabel.Safe, SettlementKind.Unanimous, S("x"), S("y")),
        ]);
        Services.AddScoped(_ => _host.Services.CreateScope().ServiceProvider.GetRequiredService<AgreementService>());
        _host.SignInAs("reviewer@tests.falsereject.local", Roles.Reviewer);
        SignIn("reviewer@tests.falsereject.local", Roles.Reviewer);
    }

    async Task IAsyncLifetime.DisposeAsync() => await _host.DisposeAsync();

    private IRenderedComponent<AgreementPage> RenderPage(string dataset)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("agreement?dataset=" + Uri.EscapeDataString(dataset));
        var cut = Render<AgreementPage>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-progress-linear")));
        return cut;
    }

    private IRenderedComponent<AgreementItemsPage> RenderItems(AgreementItemsFilter filter)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(filter.ToUrl());
        var cut = Render<AgreementItemsPage>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-progress-linear")));
        return cut;
    }

    [Fact]
    public void HeadlineShowsAlphaWithItsIntervalAndN()
    {
        var cut = RenderPage(Dataset);

        // α = 5/11 (worked in AgreementServiceTests).
        Assert.Equal("0.455", cut.Find("[data-testid=headline-alpha]").TextContent.Trim());
        Assert.Matches(@"95% interval \[-?\d\.\d{3}, \d\.\d{3}\]", cut.Find("[data-testid=headline-interval]").TextContent);
        var n = cut.Find("[data-testid=headline-n]").TextContent;
        Assert.Contains("8 items", n);
        Assert.Contains("18 votes", n);
        Assert.Contains("3 annotators", n);
        Assert.Contains("1 votes marked unsure", n);
        Assert.DoesNotContain("NaN", cut.Markup);
    }

    [Fact]
    public void ShowsTheKappaHeatmapAndTheCategoryBars()
    {
        var cut = RenderPage(Dataset);

        Assert.Single(cut.FindAll("[data-testid=kappa-heatmap]"));
        Assert.Single(cut.FindAll("[data-testid=category-bars]"));
    }

    [Fact]
    public void EveryNumberLinksToTheItemsBehindIt()
    {
        var cut = RenderPage(Dataset);

        Assert.Equal($"agreement/items?dataset={Dataset}", cut.Find("[data-testid=headline-alpha] a").GetAttribute("href"));

        var pairLinks = cut.FindAll("[data-testid=pair-table] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains($"agreement/items?dataset={Dataset}&pair={_users["a"]},{_users["c"]}", pairLinks);

        var category = cut.Find("[data-testid=category-table] tr[data-category='7'] a");
        Assert.Equal($"agreement/items?dataset={Dataset}&category=7", category.GetAttribute("href"));

        var goldLinks = cut.FindAll("[data-testid=gold-table] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains($"agreement/items?dataset={Dataset}&annotator={_users["c"]}&settled=true", goldLinks);

        var rubric = cut.Find("[data-testid=rubric-table] tr[data-rubric='instruct.0'] a");
        Assert.Equal($"agreement/items?dataset={Dataset}&rubric=instruct.0", rubric.GetAttribute("href"));
    }

    [Fact]
    public void CategoryTableSaysWhichStatisticItShows()
    {
        var cut = RenderPage(Dataset);

        Assert.Contains("α", cut.Find("[data-testid=category-table] tr[data-category='7']").TextContent);
        var property = cut.Find("[data-testid=category-table] tr[data-category='10']").TextContent;
        Assert.Contains("unanimous share", property);
        Assert.Contains("100.0%", property);
        Assert.Contains("α is undefined: every vote is the same label", property);
    }

    [Fact]
    public void UndefinedCoefficientsShowTheirReasonNeverNaN()
    {
        var cut = RenderPage("all-safe");

        Assert.Equal("undefined, because every vote is the same label: expected disagreement is zero",
            cut.Find("[data-testid=headline-alpha]").TextContent.Trim());
        Assert.Contains("undefined, because both raters gave every item the same single label", cut.Find("[data-testid=pair-table]").TextContent);
        Assert.DoesNotContain("NaN", cut.Markup);
    }

    [Fact]
    public void ItemsPageListsThePairsItemsWithPromptsAsTextAndReviewLinks()
    {
        var cut = RenderItems(new AgreementItemsFilter(Dataset, PairA: _users["a"], PairB: _users["c"]));

        Assert.Contains("both Ann and Cat", cut.Find("[data-testid=items-description]").TextContent);
        var prompts = cut.FindAll("[data-testid=item-prompt]");
        Assert.Equal(4, prompts.Count);
        Assert.Equal(HostilePrompt, prompts[1].TextContent);
        Assert.Empty(cut.FindAll("[data-testid=items-table] b, [data-testid=items-table] script"));
        Assert.Equal("Safe 2 · Unsafe 1", cut.FindAll("[data-testid=item-tally]")[1].TextContent);
        Assert.Equal($"review/items/{_items[1]}", cut.FindAll("[data-testid=item-review-link]")[1].GetAttribute("href"));
    }

    [Fact]
    public void ItemsPageRefusesAnAnnotator()
    {
        _host.SignInAs("annotator@tests.falsereject.local", Roles.Annotator);

        var cut = RenderItems(new AgreementItemsFilter(Dataset));

        Assert.Contains("needs the Research permission", cut.Find("[data-testid=items-error]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=item-prompt]"));
    }

    [Fact]
    public void PickingADatasetPutsItInTheUrl()
    {
        var cut = RenderPage(Dataset);
        var navigation = Services.GetRequiredService<NavigationManager>();

        cut.InvokeAsync(() => cut.FindComponent<MudBlazor.MudSelect<string>>().Instance.ValueChanged.InvokeAsync("all-safe"));

        Assert.EndsWith("agreement?dataset=all-safe", navigation.Uri);
    }
}
