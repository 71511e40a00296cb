using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using FalseReject.Web.Rendering;

namespace FalseReject.Web.Tests.Rendering;

public sealed class MarkdownRendererTests
{
    private static readonly MarkdownRenderer Renderer = new();

    private static readonly HashSet<string> SafeTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "del", "s", "sub", "sup", "mark",
        "code", "pre", "blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "a",
    };

    private static readonly HashSet<string> SafeAttributes = new(StringComparer.OrdinalIgnoreCase) { "href", "title", "start", "rel", "target" };

    /// <summary>Payloads that try to get script to run, or a resource to load, from rendered markdown.</summary>
    public static TheoryData<string> XssPayloads => new()
    {
        "<script>alert(1)</script>",
        "Hello <script src=https://evil.example/x.js></script> world",
        "<SCRIPT>alert(String.fromCharCode(88,83,83))</SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
        "<svg onload=alert(1)><circle r=10 /></svg>",
        "<svg><script>alert(1)</script></svg>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object><embed src=\"javascript:alert(1)\">",
        "<div style=\"width: expression(alert(1))\">x</div>",
        "<style>body{background:url(javascript:alert(1))}</style>",
        "<a href=\"javascript:alert(1)\">click</a>",
        "<form action=\"javascript:alert(1)\"><button>go</button></form>",
        "<body onload=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
        "[click](&#x6A;avascript&colon;alert(1))",
        "[click](java\tscript:alert(1))",
        "[click](<javascript:alert(1)>)",
        "[click]( javascript:alert(1) )",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[click][ref]\n\n[ref]: javascript:alert(1)",
        "![x](javascript:alert(1))",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "![x\"onerror=\"alert(1)](https://example.org/a.png)",
        "[x](https://example.org/\"onmouseover=\"alert(1))",
        "<javascript:alert(1)>",
        "<vbscript:msgbox(1)>",
        "www.example.org/\"onmouseover=alert(1)//",
        "`<script>alert(1)</script>` and\n\n```html\n<script>alert(1)</script>\n```",
        "{onclick=alert(1)}\n# Heading {#x onclick=alert(1)}",
        "<a href=\"https://example.org\" onclick=\"alert(1)\">x</a>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"javascript:alert(1)//\">",
        "<link rel=stylesheet href=\"https://evil.example/x.css\">",
        "<input autofocus onfocus=alert(1)>",
        "<video><source onerror=alert(1)></video><audio src=x onerror=alert(1)>",
    };

    [Theory]
    [MemberData(nameof(XssPayloads))]
    public void RendersNoScriptCapableConstruct_When_MarkdownIsHostile(string markdown)
    {
        var html = Renderer.ToSafeHtml(markdown);

        AssertInert(html);
    }

    [Theory]
    [MemberData(nameof(XssPayloads))]
    public void RendersNoScriptCapableConstruct_When_PayloadIsEmbeddedInAStructuredResponse(string payload)
    {
        var markdown = $"## Understanding the context\n\n{payload}\n\n- point one {payload}\n- point two\n\n> {payload}\n\n| a | b |\n|---|---|\n| {payload.Replace("\n", " ")} | x |";

        AssertInert(Renderer.ToSafeHtml(markdown));
    }

    [Fact]
    public void ShowsRawHtmlAsText_When_MarkdownContainsTags()
    {
        var html = Renderer.ToSafeHtml("Use <script>alert(1)</script> carefully");

        var root = Parse(html);
        Assert.Contains("<script>alert(1)</script>", root.TextContent);
        Assert.Empty(root.QuerySelectorAll("script"));
    }

    [Fact]
    public void KeepsHeadingsListsCodeTablesAndEmphasis_When_MarkdownIsOrdinary()
    {
        const string markdown = """
            # Title

            ## Section

            Some *emphasis*, **strong** text, ~~struck~~ and `inline code`.

            1. first
            2. second

            - bullet
            - another

            > a quote

            ```csharp
            var x = 1 < 2;
            ```

            | Left | Right |
            |------|------:|
            | a    | 1     |
            """;

        var root = Parse(Renderer.ToSafeHtml(markdown));

        Assert.Equal("Title", root.QuerySelector("h1")?.TextContent);
        Assert.Equal("Section", root.QuerySelector("h2")?.TextContent);
        Assert.Equal("emphasis", root.QuerySelector("em")?.TextContent);
        Assert.Equal("strong", root.QuerySelector("strong")?.TextContent);
        Assert.Equal("struck", root.QuerySelector("del")?.TextContent);
        Assert.Equal(2, root.QuerySelectorAll("ol > li").Length);
        Assert.Equal(2, root.QuerySelectorAll("ul > li").Length);
        Assert.NotNull(root.QuerySelector("blockquote"));
        Assert.Equal("var x = 1 < 2;", root.QuerySelector("pre > code")?.TextContent.Trim());
        Assert.Equal("inline code", root.QuerySelectorAll("p > code").Single().TextContent);
        Assert.Equal(["Left", "Right"], root.QuerySelectorAll("th").Select(th => th.TextContent));
        Assert.Equal(["a", "1"], root.QuerySelectorAll("td").Select(td => td.TextContent));
        AssertInert(root.InnerHtml);
    }

    [Theory]
    [InlineData("[site](https://example.org/a?b=c)", "https://example.org/a?b=c")]
    [InlineData("[site](http://example.org)", "http://example.org")]
    [InlineData("[mail](mailto:someone@example.org)", "mailto:someone@example.org")]
    [InlineData("<https://example.org/auto>", "https://example.org/auto")]
    [InlineData("see https://example.org/bare for more", "https://example.org/bare")]
    public void KeepsSafeLinksWithNoopenerNoreferrerNofollow_When_SchemeIsAllowed(string markdown, string href)
    {
        var link = Parse(Renderer.ToSafeHtml(markdown)).QuerySelector("a");

        Assert.NotNull(link);
        Assert.Equal(href, link.GetAttribute("href"));
        Assert.Equal(MarkdownRenderer.LinkRel, link.GetAttribute("rel"));
        Assert.Equal("_blank", link.GetAttribute("target"));
    }

    [Fact]
    public void RendersImagesAsLinksNeverLoaded_When_MarkdownHasAnImage()
    {
        var root = Parse(Renderer.ToSafeHtml("![a diagram](https://example.org/d.png)"));

        Assert.Empty(root.QuerySelectorAll("img"));
        var link = root.QuerySelector("a");
        Assert.NotNull(link);
        Assert.Equal("https://example.org/d.png", link.GetAttribute("href"));
        Assert.Equal("a diagram", link.TextContent);
    }

    [Theory]
    [InlineData("[login](//evil.example/login)")]
    [InlineData("[login](<//evil.example/a b>)")]
    [InlineData("[login]( //evil.example)")]
    [InlineData("![login](//evil.example/pixel.png)")]
    [InlineData("<//evil.example/auto>")]
    [InlineData(@"[login](/\evil.example/login)")]
    [InlineData(@"[login](\\\\evil.example/login)")]
    [InlineData(@"[login](\\/evil.example/login)")]
    [InlineData("[login](</\t/evil.example>)")]
    public void NeverLinksToAnotherHost_When_TheLinkIsProtocolRelative(string markdown)
    {
        var html = Renderer.ToSafeHtml(markdown);

        // Resolved as the browser would on one of the app's pages: no link may leave the site.
        var site = new Uri("https://app.example/datasets/1/queries");
        Assert.All(Parse(html).QuerySelectorAll("a"), a =>
            Assert.True(a.GetAttribute("href") is not { } href || new Uri(site, href).Host == site.Host, html));
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("\\/evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\n/evil.example")]
    [InlineData("  //evil.example")]
    [InlineData("\u0001//evil.example")]
    public void ASchemeLessLinkToAnotherHost_IsProtocolRelative(string url) =>
        Assert.True(MarkdownRenderer.IsProtocolRelative(url));

    [Theory]
    [InlineData("/guidelines/v2")]
    [InlineData("queries/12")]
    [InlineData("#top")]
    [InlineData("https://example.org//double")]
    [InlineData("/%5Cevil.example")]
    [InlineData("")]
    [InlineData(null)]
    public void ALinkOnThisSiteOrWithAScheme_IsNotProtocolRelative(string? url) =>
        Assert.False(MarkdownRenderer.IsProtocolRelative(url));

    [Theory]
    [InlineData("[guide](/guidelines/v2)", "/guidelines/v2")]
    [InlineData("[next](queries/12)", "queries/12")]
    [InlineData("[top](#top)", "#top")]
    public void KeepsRelativeLinks_When_TheyStayOnThisSite(string markdown, string href) =>
        Assert.Equal(href, Parse(Renderer.ToSafeHtml(markdown)).QuerySelector("a")?.GetAttribute("href"));

    [Fact]
    public void KeepsTheLinkTextButDropsTheTarget_When_SchemeIsJavascript()
    {
        var root = Parse(Renderer.ToSafeHtml("[click me](javascript:alert(1))"));

        Assert.Contains("click me", root.TextContent);
        Assert.All(root.QuerySelectorAll("a"), a => Assert.Null(a.GetAttribute("href")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public void RendersNothing_When_MarkdownIsNullOrBlank(string? markdown) =>
        Assert.Equal(string.Empty, Renderer.ToSafeHtml(markdown));

    private static IElement Parse(string html)
    {
        var document = new HtmlParser().ParseDocument("<!DOCTYPE html><html><body></body></html>");
        var body = document.Body!;
        body.InnerHtml = html;
        return body;
    }

    internal static void AssertInert(string html)
    {
        var root = Parse(html);
        foreach (var element in root.QuerySelectorAll("*"))
        {
            Assert.True(SafeTags.Contains(element.LocalName), $"Disallowed <{element.LocalName}> in: {html}");
            foreach (var attribute in element.Attributes)
            {
                Assert.True(SafeAttributes.Contains(attribute.Name), $"Disallowed attribute {attribute.Name} on <{element.LocalName}> in: {html}");
            }
            if (element.GetAttribute("href") is { } href)
            {
                var normalized = new string(href.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
                var colon = normalized.IndexOf(':');
                var slash = normalized.IndexOfAny(['/', '?', '#']);
                if (colon >= 0 && (slash < 0 || colon < slash))
                {
                    var scheme = normalized[..colon].ToLowerInvariant();
                    Assert.True(scheme is "http" or "https" or "mailto", $"Disallowed link scheme '{scheme}' in: {html}");
                }
            }
        }
    }
}
