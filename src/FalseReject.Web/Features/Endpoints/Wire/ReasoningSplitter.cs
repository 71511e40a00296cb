namespace FalseReject.Web.Features.Endpoints.Wire;

/// <summary>
/// Separates the reasoning text from the answer, whatever shape the server used: a
/// <c>reasoning</c> / <c>reasoning_content</c> field, inline <c>&lt;think&gt;…&lt;/think&gt;</c>, or a
/// lone <c>&lt;/think&gt;</c> with no opener (DeepSeek-R1 on SGLang). Pure.
/// </summary>
public static class ReasoningSplitter
{
    private const string Open = "<think>";
    private const string Close = "</think>";

    public static (string Answer, string? Reasoning) Split(string? content, string? reasoningField)
    {
        var text = content ?? "";
        string? inline = null;
        var close = text.LastIndexOf(Close, StringComparison.OrdinalIgnoreCase);
        if (close >= 0)
        {
            inline = text[..close];
            text = text[(close + Close.Length)..];
        }
        else
        {
            var open = text.IndexOf(Open, StringComparison.OrdinalIgnoreCase);
            if (open >= 0)
            {
                // An opener with no closer: the budget ran out while thinking; there is no answer.
                inline = text[open..];
                text = text[..open];
            }
        }
        if (inline is not null)
        {
            inline = inline.Replace(Open, "", StringComparison.OrdinalIgnoreCase).Replace(Close, "", StringComparison.OrdinalIgnoreCase).Trim();
        }
        var reasoning = !string.IsNullOrWhiteSpace(reasoningField) ? reasoningField.Trim() : inline;
        return (text.Trim(), string.IsNullOrEmpty(reasoning) ? null : reasoning);
    }
}
