using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Datasets.Import;

namespace FalseReject.Web.Features.Runs;

/// <summary>
/// Reads a run file: JSONL, one object per prompt with <c>prompt</c>, <c>response</c> and the optional
/// <c>reasoning</c>, <c>label</c> and <c>judge_output</c>. Pure: knows nothing of the store. Blank
/// lines are skipped; other fields are ignored.
/// </summary>
public static class RunFileParser
{
    /// <summary>Parsing stops collecting after this many errors (the file is rejected anyway).</summary>
    public const int MaxErrors = 100;

    public sealed record Result(IReadOnlyList<RunFileLine> Lines, IReadOnlyList<RunImportError> Errors);

    public static async Task<Result> ParseAsync(Stream stream, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var lines = new List<RunFileLine>();
        var errors = new List<RunImportError>();
        // Strict UTF-8 at every door (page, CLI, API): the checking stream refuses UTF-16 and bytes
        // that are not UTF-8 with their line, instead of the reader replacing them; it also reports
        // the bytes read. A UTF-8 byte order mark is skipped.
        await using var checking = new Utf8CheckingStream(stream, progress);
        using var reader = new StreamReader(checking, Utf8WithBom, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
        var number = 0;
        while (true)
        {
            var (text, notUtf8) = await ReadLineAsync(reader, cancellationToken);
            if (notUtf8 is not null)
            {
                // Nothing of a file that is not UTF-8 is trusted: that one problem is the answer.
                return new Result([], [notUtf8]);
            }
            if (text is null)
            {
                break;
            }
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            if (ParseLine(number, text, errors) is { } line)
            {
                lines.Add(line);
            }
            if (errors.Count >= MaxErrors)
            {
                errors.Add(new RunImportError(0, null, $"Stopped after {MaxErrors} errors."));
                break;
            }
        }
        if (lines.Count == 0 && errors.Count == 0)
        {
            errors.Add(new RunImportError(0, null, "The file has no lines: a run file has one JSON object per prompt."));
        }
        return new Result(lines, errors);
    }

    /// <summary>Throws on invalid bytes; its preamble makes the reader skip a UTF-8 byte order mark.</summary>
    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);

    /// <summary>The next line (null at the end), or the problem when the file is not UTF-8 there.</summary>
    private static async Task<(string? Text, RunImportError? NotUtf8)> ReadLineAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return (await reader.ReadLineAsync(cancellationToken), null);
        }
        catch (NotUtf8TextException ex)
        {
            return (null, new RunImportError(ex.Line, null, ex.Message));
        }
    }

    /// <summary>Parses one non-blank line; adds its errors to <paramref name="errors"/> and returns null when it has any.</summary>
    public static RunFileLine? ParseLine(int number, string text, List<RunImportError> errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            errors.Add(new RunImportError(number, null, $"not valid JSON ({FirstSentence(ex.Message)})"));
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new RunImportError(number, null, $"expected a JSON object, found {Describe(root.ValueKind)}"));
                return null;
            }

            var before = errors.Count;
            var prompt = ReadString(root, "prompt", number, errors, required: true);
            if (prompt is not null && string.IsNullOrWhiteSpace(prompt))
            {
                errors.Add(new RunImportError(number, "prompt", "is empty"));
            }
            var hasResponse = root.TryGetProperty("response", out _);
            var response = ReadString(root, "response", number, errors, required: false);
            if (!hasResponse)
            {
                errors.Add(new RunImportError(number, "response", "is missing (use \"\" or null for a failed generation)"));
            }
            var reasoning = ReadString(root, "reasoning", number, errors, required: false);
            var label = ReadString(root, "label", number, errors, required: false);
            var judgeOutput = ReadString(root, "judge_output", number, errors, required: false);

            ResponseClass? labelClass = null;
            if (!string.IsNullOrWhiteSpace(label) && !ResponseClasses.TryParseName(label, out labelClass))
            {
                errors.Add(new RunImportError(number, "label",
                    $"'{Shorten(label)}' is not a class; use {ResponseClasses.DirectRefusal}, {ResponseClasses.SafePartialCompliance} or {ResponseClasses.FullCompliance}"));
            }
            if (errors.Count > before)
            {
                return null;
            }

            response ??= "";
            // A failed (empty) generation is never one of the three classes; otherwise the label
            // wins over the judge output's bracketed class.
            ResponseClass? cls = string.IsNullOrWhiteSpace(response)
                ? null
                : labelClass ?? ResponseClasses.ParseJudgeOutput(judgeOutput);
            return new RunFileLine(number, prompt!.Trim(), response, string.IsNullOrEmpty(reasoning) ? null : reasoning, judgeOutput, cls);
        }
    }

    private static string? ReadString(JsonElement root, string field, int number, List<RunImportError> errors, bool required)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(new RunImportError(number, field, "is missing"));
            }
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new RunImportError(number, field, $"must be a string, found {Describe(value.ValueKind)}"));
            return null;
        }
        // Valid JSON but not text: GetString would throw.
        if (JsonEscapes.FindLoneSurrogate(JsonMarshal.GetRawUtf8Value(value)) is { } escape)
        {
            errors.Add(new RunImportError(number, field, JsonEscapes.LoneSurrogateMessage(escape)));
            return null;
        }
        return value.GetString();
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string FirstSentence(string message)
    {
        var dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 ? message[..dot] : message.TrimEnd('.');
    }

    internal static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
