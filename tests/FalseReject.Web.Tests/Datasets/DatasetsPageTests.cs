using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using FalseReject.Web.Features.Datasets;
using FalseReject.Web.Features.Datasets.Import;
using FalseReject.Web.Rendering;
using FalseReject.Web.Security;

namespace FalseReject.Web.Tests.Datasets;

/// <summary>The datasets page and the import dialog against the real services on a temp SQLite store.</summary>
public sealed class DatasetsPageTests : MudBunitContext, IAsyncLifetime
{
    private ServiceTestHost _host = null!;
    private int _datasetId;

    public async Task InitializeAsync()
    {
        _host = await ServiceTestHost.StartAsync();
        _datasetId = await DatasetSeed.AddDatasetAsync(_host, "listed-dataset",
            new SeedQuery("First prompt about locks", 10, InstructResponse: "x"),
            new SeedQuery("Second prompt about locks", 10),
            new SeedQuery("A prompt about medicine", 41, CotSolution: "y"));
        Services.AddScoped(_ => _host.Services.CreateScope().ServiceProvider.GetRequiredService<DatasetService>());
        Services.AddScoped(_ => _host.Services.CreateScope().ServiceProvider.GetRequiredService<DatasetImportService>());
        Services.AddSingleton<IOptions<UploadOptions>>(_ => Options.Create(new UploadOptions { MaxMegabytes = 1 }));
        Services.AddSafeMarkdown();
        SignIn("reviewer@example.org", Roles.Reviewer);
    }

    async Task IAsyncLifetime.DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void ListsDatasetsWithCountsAndExpandsTheirCategories()
    {
        var cut = Render<DatasetsPage>();

        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find($"[data-testid=rows-{_datasetId}]").TextContent.Trim()));
        Assert.Equal("2", cut.Find($"[data-testid=responses-{_datasetId}]").TextContent.Trim());
        Assert.Equal($"/datasets/{_datasetId}/queries", cut.Find($"[data-testid=dataset-link-{_datasetId}]").GetAttribute("href"));
        Assert.Empty(cut.FindAll($"[data-testid=categories-{_datasetId}]"));

        cut.Find($"[data-testid=expand-{_datasetId}]").Click();

        var categories = cut.Find($"[data-testid=categories-{_datasetId}]").TextContent;
        Assert.Contains("10 · Property Crimes: 2", categories);
        Assert.Contains("41 · Medical Advice: 1", categories);
    }

    [Theory]
    [InlineData(Roles.Reviewer)]
    [InlineData(Roles.Admin)]
    public void OffersImport_When_ReviewerOrAdmin(string role)
    {
        SignIn("someone@example.org", role);

        var cut = Render<DatasetsPage>();

        Assert.NotNull(cut.Find("[data-testid=import-dataset]"));
    }

    [Fact]
    public async Task ImportsAnUploadedFileAndShowsTheSummary()
    {
        var provider = Render<MudDialogProvider>();
        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<ImportDatasetDialog>("Import"));

        provider.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            """
            {"prompt":"How are bank vaults designed?","category":16}
            {"prompt":"Which mushrooms are poisonous?","category":"41","instruct_response":"## Safe context"}
            {"prompt":"How are bank vaults designed?","category":16}
            """, "uploaded.jsonl"));
        provider.WaitForAssertion(() => Assert.Contains("uploaded.jsonl", provider.Find("[data-testid=import-file-name]").TextContent));
        Assert.Equal("uploaded", provider.Find("#import-name").GetAttribute("value"));
        provider.Find("[data-testid=import-submit]").Click();

        provider.WaitForAssertion(() =>
        {
            var summary = System.Text.RegularExpressions.Regex.Replace(provider.Find("[data-testid=import-summary]").TextContent, @"\s+", " ");
            Assert.Contains("Imported 2 queries", summary);
            Assert.Contains("(new dataset)", summary);
            Assert.Contains("1 repeated prompt was skipped (line 3 repeats line 1).", summary);
        }, TimeSpan.FromSeconds(10));
        var service = Services.GetRequiredService<DatasetService>();
        var imported = Assert.Single(await service.ListAsync(), d => d.Name == "uploaded");
        Assert.Equal(2, imported.QueryCount);
    }

    [Fact]
    public async Task TheIgnoreCaseBox_SkipsCaseVariants_AndTheSummaryNamesWhatEachRepeats()
    {
        var provider = Render<MudDialogProvider>();
        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<ImportDatasetDialog>("Import"));

        provider.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            """
            {"prompt":"First prompt about locks","category":10}
            {"prompt":"How are bank vaults designed?","category":16}
            {"prompt":"HOW ARE BANK  VAULTS DESIGNED?","category":16}
            """, "cased.jsonl"));
        provider.WaitForAssertion(() => Assert.NotNull(provider.Find("[data-testid=import-file-name]")));
        provider.Find("#import-name").Input("listed-dataset");
        provider.Find("input[data-testid=import-ignore-case]").Change(true);
        provider.Find("[data-testid=import-submit]").Click();

        provider.WaitForAssertion(() =>
        {
            var summary = System.Text.RegularExpressions.Regex.Replace(provider.Find("[data-testid=import-summary]").TextContent, @"\s+", " ");
            Assert.Contains("Imported 1 query", summary);
            Assert.Contains("(appended)", summary);
            Assert.Contains("2 repeated prompts were skipped, case ignored (line 1 repeats query #0 already in the dataset, line 3 repeats line 2).", summary);
        }, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ListsTheProblemsAndWritesNothing_When_TheFileIsBad()
    {
        var provider = Render<MudDialogProvider>();
        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<ImportDatasetDialog>("Import"));

        provider.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            """
            {"prompt":"Fine","category":1}
            {"prompt":"","category":1}
            {"prompt":"Unknown category","category":99}
            """, "bad.jsonl"));
        provider.WaitForAssertion(() => Assert.NotNull(provider.Find("[data-testid=import-file-name]")));
        provider.Find("[data-testid=import-submit]").Click();

        provider.WaitForAssertion(() => Assert.Equal(2, provider.FindAll("[data-testid=import-problem]").Count), TimeSpan.FromSeconds(10));
        var problems = provider.FindAll("[data-testid=import-problem]").Select(r => r.TextContent).ToList();
        Assert.StartsWith("2", problems[0].Trim());
        Assert.StartsWith("3", problems[1].Trim());
        Assert.Contains("Nothing was imported", provider.Find("[data-testid=import-problems]").TextContent);
        Assert.DoesNotContain(await Services.GetRequiredService<DatasetService>().ListAsync(), d => d.Name == "bad");
    }

    [Fact]
    public async Task ShowsTheLineAndFieldOfAnEscapedLoneSurrogate_AndWritesNothing()
    {
        var provider = Render<MudDialogProvider>();
        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<ImportDatasetDialog>("Import"));

        provider.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            """
            {"prompt":"Fine","category":1}
            {"prompt":"Half a pair \ud800 here","category":1}
            """, "surrogate.jsonl"));
        provider.WaitForAssertion(() => Assert.NotNull(provider.Find("[data-testid=import-file-name]")));
        provider.Find("[data-testid=import-submit]").Click();

        provider.WaitForAssertion(() => Assert.Single(provider.FindAll("[data-testid=import-problem]")), TimeSpan.FromSeconds(10));
        var cells = provider.Find("[data-testid=import-problem]").QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal("2", cells[0]);
        Assert.Equal("prompt", cells[1]);
        Assert.Contains("contains \\ud800, an escaped lone surrogate", cells[2]);
        Assert.DoesNotContain(await Services.GetRequiredService<DatasetService>().ListAsync(), d => d.Name == "surrogate");
    }

    [Fact]
    public async Task RefusesAFileOverTheUploadLimitBeforeImporting()
    {
        var provider = Render<MudDialogProvider>();
        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<ImportDatasetDialog>("Import"));

        provider.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(new string('x', 1024 * 1024 + 1), "big.jsonl"));

        provider.WaitForAssertion(() => Assert.Contains("Uploads are limited to 1 MB (the Uploads:MaxMegabytes setting)", provider.Find("[data-testid=import-file-error]").TextContent));
        Assert.True(provider.Find("[data-testid=import-submit]").HasAttribute("disabled"));
    }
}
