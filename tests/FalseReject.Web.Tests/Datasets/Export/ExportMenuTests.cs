using Microsoft.AspNetCore.Components;
using MudBlazor;
using FalseReject.Web.Features.Datasets.Export;
using FalseReject.Web.Security;

namespace FalseReject.Web.Tests.Datasets.Export;

/// <summary>The datasets page's download menu.</summary>
public sealed class ExportMenuTests : MudBunitContext
{
    public ExportMenuTests() => SignIn("reviewer@example.org", Roles.Reviewer);

    [Fact]
    public void OffersBothKindsInBothFormats_AsLinksToTheDownloadEndpoint()
    {
        var cut = Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<ExportMenu>(1);
            builder.AddAttribute(2, nameof(ExportMenu.DatasetId), 42);
            builder.AddAttribute(3, nameof(ExportMenu.DatasetName), "FalseReject test");
            builder.CloseComponent();
        });

        cut.Find("[data-testid=export-42] button").Click();

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid^=export-42-]").Count), TimeSpan.FromSeconds(10));
        foreach (var (kind, format) in new[] { ("full", "jsonl"), ("full", "csv"), ("verified-benign", "jsonl"), ("verified-benign", "csv") })
        {
            var item = cut.Find($"[data-testid=export-42-{kind}-{format}]");
            Assert.Equal($"/datasets/42/export?kind={kind}&format={format}", item.GetAttribute("href") ?? item.QuerySelector("a")?.GetAttribute("href"));
        }
        Assert.Contains("Verified benign (FalseReject-Test schema) · CSV", cut.Markup);
    }

    [Fact]
    public void WithRawCsv_TheCsvLinksAskForRawCells_AndTheJsonlLinksDoNot()
    {
        var cut = Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<ExportMenu>(1);
            builder.AddAttribute(2, nameof(ExportMenu.DatasetId), 42);
            builder.AddAttribute(3, nameof(ExportMenu.DatasetName), "FalseReject test");
            builder.AddAttribute(4, nameof(ExportMenu.RawCsv), true);
            builder.CloseComponent();
        });

        cut.Find("[data-testid=export-42] button").Click();

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid^=export-42-]").Count), TimeSpan.FromSeconds(10));
        string Href(string kind, string format)
        {
            var item = cut.Find($"[data-testid=export-42-{kind}-{format}]");
            return item.GetAttribute("href") ?? item.QuerySelector("a")?.GetAttribute("href") ?? "";
        }
        Assert.Equal("/datasets/42/export?kind=full&format=csv&raw=true", Href("full", "csv"));
        Assert.Equal("/datasets/42/export?kind=verified-benign&format=csv&raw=true", Href("verified-benign", "csv"));
        Assert.Equal("/datasets/42/export?kind=full&format=jsonl", Href("full", "jsonl"));
    }
}
