using System.Globalization;
using System.Text.RegularExpressions;
using FalseReject.Web.Data;

namespace FalseReject.Web.Features.Datasets.Import;

/// <summary>The rules both formats share: categories, prompts, responses, CoT strings.</summary>
internal static partial class QueryFieldRules
{
    public const string PromptField = "prompt";
    public const string CategoryField = "category";
    public const string CategoryTextField = "category_text";
    public const string InstructField = "instruct_response";
    public const string CotField = "cot_response";
    public const string CotReasoningField = "cot_reasoning";
    public const string CotSolutionField = "cot_solution";

    /// <summary>Checks the prompt: present and not blank. Returns it trimmed, or null after reporting.</summary>
    public static string? CheckPrompt(string? prompt, bool present, int line, ProblemLog problems)
    {
        if (!present)
        {
            problems.Add(line, PromptField, "the prompt is missing.");
            return null;
        }
        if (string.IsNullOrWhiteSpace(prompt))
        {
            problems.Add(line, PromptField, "the prompt is empty.");
            return null;
        }
        return prompt.Trim();
    }

    /// <summary>Parses a category id written as text ("7"), or null when it is not a whole number.</summary>
    public static int? ParseId(string text) =>
        int.TryParse(text.AsSpan().Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite,
            CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>
    /// Resolves the category from an id (already parsed; <paramref name="idGiven"/> says whether the
    /// file had one) and an optional name, which must agree with the id when both are given.
    /// Returns null after reporting a problem.
    /// </summary>
    public static int? ResolveCategory(int? id, bool idGiven, string? name, int line, ProblemLog problems,
        string idField = CategoryField, string nameField = CategoryTextField)
    {
        var hasName = !string.IsNullOrWhiteSpace(name);
        if (id is { } value)
        {
            if (!CategoryCatalog.IsValidId(value))
            {
                problems.Add(line, idField, $"unknown category id {value}: ids run from {CategoryCatalog.MinId} to {CategoryCatalog.MaxId}.");
                return null;
            }
            if (hasName && CategoryCatalog.IdOf(name!) != value)
            {
                problems.Add(line, nameField, $"'{Shorten(name!)}' does not match category {value} ({CategoryCatalog.NameOf(value)}).");
                return null;
            }
            return value;
        }
        if (idGiven)
        {
            return null; // the id's own problem is already reported
        }
        if (hasName)
        {
            if (CategoryCatalog.IdOf(name!) is { } byName)
            {
                return byName;
            }
            problems.Add(line, nameField, $"unknown category name '{Shorten(name!)}'.");
            return null;
        }
        problems.Add(line, idField, $"the category is missing: give {idField} (1 to 46) or {nameField}.");
        return null;
    }

    /// <summary>Empty or blank responses count as absent.</summary>
    public static string? Response(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>
    /// Splits a CoT response given as one string into reasoning and solution: at a
    /// <c>&lt;think&gt;…&lt;/think&gt;</c> block (reasoning models' own markup) or at a line that
    /// starts with "Solution:" / "Final answer:" (or such a heading). Without a marker it is all solution.
    /// </summary>
    public static (string? Reasoning, string? Solution) SplitCot(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }
        var close = text.IndexOf("</think>", StringComparison.OrdinalIgnoreCase);
        if (close >= 0)
        {
            var open = text.IndexOf("<think>", StringComparison.OrdinalIgnoreCase);
            var reasoningStart = open >= 0 && open < close ? open + "<think>".Length : 0;
            return (Response(text[reasoningStart..close].Trim()), Response(text[(close + "</think>".Length)..].Trim()));
        }
        var marker = SolutionMarker().Match(text);
        if (marker.Success && marker.Index > 0)
        {
            var reasoning = ReasoningHeading().Replace(text[..marker.Index], "", 1).Trim();
            return (Response(reasoning), Response(text[(marker.Index + marker.Length)..].Trim()));
        }
        return (null, text);
    }

    public static string Shorten(string value) => value.Length <= 80 ? value : value[..77] + "...";

    [GeneratedRegex(@"^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*)?(?:final answer|solution)(?:\*\*)?[ \t]*(?::(?:\*\*)?[ \t]*|(?:\*\*)?[ \t]*\r?$\n?)", RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex SolutionMarker();

    [GeneratedRegex(@"^\s*(?:#{1,6}[ \t]*)?(?:\*\*)?reasoning(?:\*\*)?[ \t]*(?::(?:\*\*)?|(?=\r?\n))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReasoningHeading();
}
