using System.Security.Cryptography;
using System.Text;

namespace FalseReject.Web.Features.Judging;

/// <summary>Filling a judge template and fingerprinting texts. Pure.</summary>
public static class JudgeTemplating
{
    public const string PromptPlaceholder = "{prompt}";
    public const string ResponsePlaceholder = "{response}";

    /// <summary>The judge's input: both placeholders replaced in one pass (a response containing "{prompt}" stays as it is).</summary>
    public static string Fill(string template, string prompt, string response)
    {
        var sb = new StringBuilder(template.Length + prompt.Length + response.Length);
        var i = 0;
        while (i < template.Length)
        {
            if (string.CompareOrdinal(template, i, PromptPlaceholder, 0, PromptPlaceholder.Length) == 0)
            {
                sb.Append(prompt);
                i += PromptPlaceholder.Length;
            }
            else if (string.CompareOrdinal(template, i, ResponsePlaceholder, 0, ResponsePlaceholder.Length) == 0)
            {
                sb.Append(response);
                i += ResponsePlaceholder.Length;
            }
            else
            {
                sb.Append(template[i++]);
            }
        }
        return sb.ToString();
    }

    /// <summary>A template must name both placeholders.</summary>
    public static string? Validate(string template) =>
        !template.Contains(PromptPlaceholder, StringComparison.Ordinal) ? "The template must contain {prompt}."
        : !template.Contains(ResponsePlaceholder, StringComparison.Ordinal) ? "The template must contain {response}."
        : null;

    /// <summary>Lower-case hex SHA-256 of the UTF-8 text (of a template, or of the exact text sent).</summary>
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
