using AngleSharp.Dom;
using Ganss.Xss;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace FalseReject.Web.Rendering;

/// <summary>
/// Turns untrusted markdown (dataset prompts' responses, model outputs, comments) into HTML that
/// can be put on a page. Two independent layers:
/// <list type="number">
/// <item>Markdig with raw HTML disabled (<c>DisableHtml()</c>): any <c>&lt;tag&gt;</c> in the
/// text is emitted as escaped text, never as markup. Only CommonMark plus pipe tables,
/// strikethrough and autolinks are enabled; no generic-attributes extension (it would let text
/// set attributes such as <c>onclick</c>), no auto-identifiers (no DOM clobbering via ids).</item>
/// <item>HtmlSanitizer with a tight allow-list over Markdig's output: text-structure tags only
/// (no script, style, iframe, object, embed, svg, math, form, input, img), attributes
/// <c>href</c>, <c>title</c>, <c>start</c> only (so no event handlers, no <c>style</c>, no
/// <c>class</c>, no <c>id</c>), and link schemes http, https and mailto only (relative links
/// stay: they cannot run script).</item>
/// </list>
/// Images are never loaded: an image in the text (<c>![alt](url)</c>) is rendered as a plain
/// link whose text is the alt text, so a dataset cannot make the reader's browser fetch a
/// tracking pixel, and a <c>javascript:</c> or <c>data:</c> image source is dropped like any
/// other bad link. Every link gets <c>rel="noopener noreferrer nofollow"</c> and opens in a new
/// tab. The instance is immutable after construction and thread-safe: register it as a singleton.
/// </summary>
public sealed class MarkdownRenderer
{
    /// <summary>The <c>rel</c> every rendered link carries.</summary>
    public const string LinkRel = "noopener noreferrer nofollow";

    private static readonly string[] AllowedTags =
    [
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
        "strong", "em", "b", "i", "del", "s", "sub", "sup", "mark",
        "code", "pre", "blockquote", "ul", "ol", "li",
        "table", "thead", "tbody", "tr", "th", "td",
        "a",
    ];

    private static readonly string[] AllowedAttributes = ["href", "title", "start"];

    private static readonly string[] AllowedSchemes = ["http", "https", "mailto"];

    private readonly MarkdownPipeline _pipeline;
    private readonly HtmlSanitizer _sanitizer;

    public MarkdownRenderer()
    {
        _pipeline = new MarkdownPipelineBuilder()
            .DisableHtml()
            .UsePipeTables()
            .UseEmphasisExtras()
            .UseAutoLinks()
            .Build();

        _sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(AllowedTags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(AllowedAttributes, StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(AllowedSchemes, StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href", "src", "action", "formaction", "background", "cite", "poster", "xlink:href"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        });
        _sanitizer.AllowDataAttributes = false;
        _sanitizer.KeepChildNodes = true;
        _sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement { LocalName: "a" } link)
            {
                link.SetAttribute("rel", LinkRel);
                link.SetAttribute("target", "_blank");
            }
        };
    }

    /// <summary>The sanitized HTML for <paramref name="markdown"/>; empty for null or blank input.</summary>
    public string ToSafeHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return string.Empty;
        }

        var document = Markdown.Parse(markdown, _pipeline);
        foreach (var image in document.Descendants<LinkInline>().Where(l => l.IsImage))
        {
            image.IsImage = false;
        }
        var html = Markdown.ToHtml(document, _pipeline);
        return _sanitizer.Sanitize(html).Trim();
    }
}
