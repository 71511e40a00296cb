using System.Buffers;
using System.Text;

namespace FalseReject.Web.Features.Datasets.Import;

/// <summary>
/// The form of a prompt that duplicate detection compares, so that prompts which look the same are
/// one prompt: the zero-width characters <see cref="ZeroWidthCharacters"/> removed, Unicode NFC,
/// every run of white space (any <see cref="char.IsWhiteSpace(char)"/>: tabs, line breaks,
/// no-break spaces) made one space and the ends trimmed; upper-cased (invariant culture) only when
/// <c>ignoreCase</c> is asked for. The stored prompt is never this form: it stays as imported.
/// </summary>
public static class PromptKey
{
    /// <summary>
    /// Removed before comparing: ZERO WIDTH SPACE, ZERO WIDTH NON-JOINER, ZERO WIDTH JOINER, WORD
    /// JOINER, ZERO WIDTH NO-BREAK SPACE (a stray byte order mark) and SOFT HYPHEN (invisible unless
    /// a line breaks there; pasted text from PDFs and web pages carries it inside words).
    /// </summary>
    public const string ZeroWidthCharacters = "\u200B\u200C\u200D\u2060\uFEFF\u00AD";

    private static readonly SearchValues<char> ZeroWidth = SearchValues.Create(ZeroWidthCharacters);

    /// <summary>The normalised form of <paramref name="prompt"/>; the same string when it is already normal.</summary>
    public static string Of(string prompt, bool ignoreCase = false)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        // Zero-width characters go first, so a mark they separated from its letter composes with it.
        var text = prompt.AsSpan().ContainsAny(ZeroWidth) ? RemoveZeroWidth(prompt) : prompt;
        text = CollapseWhiteSpace(ComposeNfc(text));
        return ignoreCase ? text.ToUpperInvariant() : text;
    }

    private static string RemoveZeroWidth(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!ZeroWidth.Contains(c))
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    private static string ComposeNfc(string text)
    {
        try
        {
            return text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // A lone surrogate cannot be normalised (the importers refuse them before this): compared as it is.
            return text;
        }
    }

    private static string CollapseWhiteSpace(string text)
    {
        if (IsCollapsed(text))
        {
            return text;
        }
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }
            if (space)
            {
                builder.Append(' ');
                space = false;
            }
            builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>True when the only white space is single U+0020 spaces between other characters.</summary>
    private static bool IsCollapsed(string text)
    {
        var previousSpace = true; // a space at the start needs trimming
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (c != ' ' || previousSpace)
                {
                    return false;
                }
                previousSpace = true;
            }
            else
            {
                previousSpace = false;
            }
        }
        return !previousSpace || text.Length == 0;
    }
}
