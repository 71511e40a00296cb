using Microsoft.Extensions.DependencyInjection;
using FalseReject.Web.Components.Shared;
using FalseReject.Web.Rendering;

namespace FalseReject.Web.Tests.Rendering;

public sealed class SafeMarkdownTests : MudBunitContext
{
    public SafeMarkdownTests() => Services.AddSafeMarkdown();

    [Fact]
    public void RendersSanitizedMarkdownInsideTheWrapper_When_MarkdownIsGiven()
    {
        var cut = Render<SafeMarkdown>(p => p
            .Add(c => c.Markdown, "## Safe context\n\n**Bold** <img src=x onerror=alert(1)> [x](javascript:alert(1))")
            .Add(c => c.Class, "response"));

        var wrapper = cut.Find("div.safe-markdown.response");
        Assert.Equal("Safe context", wrapper.QuerySelector("h2")?.TextContent);
        Assert.Equal("Bold", wrapper.QuerySelector("strong")?.TextContent);
        Assert.Empty(cut.FindAll("img"));
        Assert.Contains("<img src=x onerror=alert(1)>", wrapper.TextContent);
        MarkdownRendererTests.AssertInert(wrapper.InnerHtml);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void RendersNothing_When_MarkdownIsNullOrEmpty(string? markdown)
    {
        var cut = Render<SafeMarkdown>(p => p.Add(c => c.Markdown, markdown));

        Assert.Equal(string.Empty, cut.Markup.Trim());
    }
}
