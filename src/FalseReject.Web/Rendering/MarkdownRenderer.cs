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
/// stay: they cannot run script; protocol-relative ones such as <c>//evil.example</c>, which
/// leave the site, are dropped).</item>
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
        _sanitizer.FilterUrl += (_, e) =>
        {
            if (IsProtocolRelative(e.OriginalUrl))
            {
                e.SanitizedUrl = null;
            }
        };
        _sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement { LocalName: "a" } link)
            {
                link.SetAttribute("rel", LinkRel);
                link.SetAttribute("target", "_blank");
            }
        };
    }

    /// <summary>
    /// A scheme-less link to another host (<c>//evil.example</c>): relative in form, so the scheme
    /// allow-list passes it, yet it leaves the site. Browsers read <c>\</c> as <c>/</c> and skip
    /// tabs and line breaks inside a URL, and leading spaces and control characters, so
    /// <c>/\evil.example</c>, <c>\\evil.example</c> and <c>/&#9;/evil.example</c> are the same link.
    /// </summary>
    internal static bool IsProtocolRelative(string? url)
    {
        if (url is null)
        {
            return false;
        }
        var slashes = 0;
        foreach (var c in url)
        {
            if (c is '\t' or '\n' or '\r' || (slashes == 0 && c <= ' '))
            {
                continue;
            }
            if (c is not ('/' or '\\'))
            {
                return false;
            }
            if (++slashes == 2)
            {
                return true;
            }
        }
        return false;
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
