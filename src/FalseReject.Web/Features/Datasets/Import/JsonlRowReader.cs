using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using static FalseReject.Web.Features.Datasets.Import.QueryFieldRules;

namespace FalseReject.Web.Features.Datasets.Import;

/// <summary>Reads rows of the Hugging Face schema (one JSON object per line) from a stream.</summary>
internal interface IImportRowReader
{
    /// <summary>The data records seen so far (valid or not; blank lines and a CSV header excluded).</summary>
    int Records { get; }

    /// <summary>Yields the valid rows and reports every problem to <paramref name="problems"/>.</summary>
    IAsyncEnumerable<ImportRow> ReadAsync(ProblemLog problems, CancellationToken cancellationToken);
}

/// <summary>
/// JSONL in the Hugging Face FalseReject schema: <c>prompt</c>; <c>category</c> as a number or a
/// numeric string; <c>category_text</c>; <c>instruct_response</c>; <c>cot_response</c> as
/// <c>{reasoning_content, solution}</c> or a string. Any other field is kept as the query's
/// metadata (a JSON object of those fields, verbatim).
/// </summary>
internal sealed class JsonlRowReader(Stream stream, IProgress<long>? progress) : IImportRowReader
{
    private readonly ArrayBufferWriter<byte> _metadataBuffer = new(4096);
    private Utf8JsonWriter? _metadataWriter;

    public int Records { get; private set; }

    public async IAsyncEnumerable<ImportRow> ReadAsync(ProblemLog problems, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var lines = new Utf8LineReader(stream, progress);
        while (await lines.ReadLineAsync(cancellationToken))
        {
            if (IsBlank(lines.Current.Span))
            {
                continue;
            }
            Records++;
            if (Parse(lines.Current.Span, lines.LineNumber, problems) is { } row)
            {
                yield return row;
            }
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r"u8) < 0;

    private ImportRow? Parse(ReadOnlySpan<byte> json, int line, ProblemLog problems)
    {
        var before = problems.Total;
        string? prompt = null, categoryText = null, instruct = null, reasoning = null, solution = null;
        int? categoryId = null;
        bool hasPrompt = false, promptWrongType = false, hasCategory = false, hasCategoryText = false, hasInstruct = false, hasCot = false;
        var hasMetadata = false;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                problems.Add(line, null, $"the line is not a JSON object (it is {Describe(reader.TokenType)}).");
                return null;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("prompt"u8))
                {
                    if (Once(ref hasPrompt, PromptField, line, problems, ref reader))
                    {
                        prompt = ReadString(ref reader, PromptField, line, problems, out promptWrongType);
                    }
                }
                else if (reader.ValueTextEquals("category"u8))
                {
                    if (Once(ref hasCategory, CategoryField, line, problems, ref reader))
                    {
                        categoryId = ReadCategory(ref reader, line, problems, out var given);
                        hasCategory = given;
                    }
                }
                else if (reader.ValueTextEquals("category_text"u8))
                {
                    if (Once(ref hasCategoryText, CategoryTextField, line, problems, ref reader))
                    {
                        categoryText = ReadString(ref reader, CategoryTextField, line, problems, out _);
                    }
                }
                else if (reader.ValueTextEquals("instruct_response"u8))
                {
                    if (Once(ref hasInstruct, InstructField, line, problems, ref reader))
                    {
                        instruct = Response(ReadString(ref reader, InstructField, line, problems, out _));
                    }
                }
                else if (reader.ValueTextEquals("cot_response"u8))
                {
                    if (Once(ref hasCot, CotField, line, problems, ref reader))
                    {
                        (reasoning, solution) = ReadCot(ref reader, line, problems);
                    }
                }
                else
                {
                    if (!hasMetadata)
                    {
                        hasMetadata = true;
                        _metadataBuffer.ResetWrittenCount();
                        if (_metadataWriter is null)
                        {
                            _metadataWriter = new Utf8JsonWriter(_metadataBuffer);
                        }
                        else
                        {
                            _metadataWriter.Reset(_metadataBuffer);
                        }
                        _metadataWriter.WriteStartObject();
                    }
                    if (reader.ValueIsEscaped && JsonEscapes.FindLoneSurrogate(reader.ValueSpan) is { } badKey)
                    {
                        // The key cannot be decoded: the problem names it as written.
                        problems.Add(line, Encoding.UTF8.GetString(reader.ValueSpan), JsonEscapes.LoneSurrogateMessage(badKey) + ".");
                        reader.Read();
                        reader.Skip();
                        continue;
                    }
                    var key = reader.GetString()!;
                    _metadataWriter!.WritePropertyName(key);
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    var value = json[start..(int)reader.BytesConsumed];
                    // Kept verbatim, so its strings are checked here: a lone surrogate would fail whoever reads the metadata.
                    if (JsonEscapes.FindLoneSurrogate(value) is { } escape)
                    {
                        problems.Add(line, key, JsonEscapes.LoneSurrogateMessage(escape) + ".");
                        continue;
                    }
                    _metadataWriter.WriteRawValue(value, skipInputValidation: true);
                }
            }
            // Anything but white space after the object is invalid JSON, and Read throws.
            reader.Read();
        }
        catch (JsonException ex)
        {
            problems.Add(line, null, $"invalid JSON at character {ex.BytePositionInLine + 1 ?? reader.BytesConsumed + 1}: {CleanJsonMessage(ex.Message)}");
            return null;
        }

        prompt = promptWrongType ? null : CheckPrompt(prompt, hasPrompt && prompt is not null, line, problems);
        var category = ResolveCategory(categoryId, hasCategory, categoryText, line, problems);
        if (problems.Total != before || prompt is null || category is null)
        {
            return null;
        }

        string? metadata = null;
        if (hasMetadata)
        {
            _metadataWriter!.WriteEndObject();
            _metadataWriter.Flush();
            metadata = Encoding.UTF8.GetString(_metadataBuffer.WrittenSpan);
        }
        return new ImportRow(line, prompt, category.Value, instruct, reasoning, solution, metadata);
    }

    /// <summary>Reports a field that appears twice in one object (and skips its value).</summary>
    private static bool Once(ref bool seen, string field, int line, ProblemLog problems, ref Utf8JsonReader reader)
    {
        if (!seen)
        {
            seen = true;
            return true;
        }
        problems.Add(line, field, "the field appears twice.");
        reader.Read();
        reader.Skip();
        return false;
    }

    /// <summary>Reads a string or null; any other value is a problem (and is skipped).</summary>
    private static string? ReadString(ref Utf8JsonReader reader, string field, int line, ProblemLog problems, out bool wrongType)
    {
        reader.Read();
        wrongType = false;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                wrongType = !TryGetText(ref reader, field, line, problems, out var text);
                return wrongType ? null : text;
            case JsonTokenType.Null:
                return null;
            default:
                problems.Add(line, field, $"must be a string, not {Describe(reader.TokenType)}.");
                reader.Skip();
                wrongType = true;
                return null;
        }
    }

    /// <summary>
    /// The current string or property name, decoded; false (and a problem) when it holds an escaped
    /// lone surrogate, which is valid JSON but not text (System.Text.Json would throw).
    /// </summary>
    private static bool TryGetText(ref Utf8JsonReader reader, string field, int line, ProblemLog problems, out string text)
    {
        if (reader.ValueIsEscaped && JsonEscapes.FindLoneSurrogate(reader.ValueSpan) is { } escape)
        {
            problems.Add(line, field, JsonEscapes.LoneSurrogateMessage(escape) + ".");
            text = "";
            return false;
        }
        text = reader.GetString()!;
        return true;
    }

    /// <summary>A category id as a whole number or a numeric string.</summary>
    private static int? ReadCategory(ref Utf8JsonReader reader, int line, ProblemLog problems, out bool given)
    {
        reader.Read();
        given = reader.TokenType != JsonTokenType.Null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetInt32(out var id))
                {
                    return id;
                }
                problems.Add(line, CategoryField, $"must be a whole number from 1 to 46, not {Encoding.UTF8.GetString(reader.ValueSpan)}.");
                return null;
            case JsonTokenType.String:
                if (!TryGetText(ref reader, CategoryField, line, problems, out var text))
                {
                    return null;
                }
                if (ParseId(text) is { } parsed)
                {
                    return parsed;
                }
                problems.Add(line, CategoryField, $"must be a category id (a whole number from 1 to 46), not \"{Shorten(text)}\".");
                return null;
            case JsonTokenType.Null:
                return null;
            default:
                problems.Add(line, CategoryField, $"must be a number or a numeric string, not {Describe(reader.TokenType)}.");
                reader.Skip();
                return null;
        }
    }

    /// <summary><c>cot_response</c>: an object <c>{reasoning_content, solution}</c>, a string, or null.</summary>
    private static (string? Reasoning, string? Solution) ReadCot(ref Utf8JsonReader reader, int line, ProblemLog problems)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return (null, null);
            case JsonTokenType.String:
                return TryGetText(ref reader, CotField, line, problems, out var cot) ? SplitCot(cot) : (null, null);
            case JsonTokenType.StartObject:
                string? reasoning = null, solution = null;
                bool hasReasoning = false, hasSolution = false;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8))
                    {
                        if (Once(ref hasReasoning, "cot_response.reasoning_content", line, problems, ref reader))
                        {
                            reasoning = Response(ReadString(ref reader, "cot_response.reasoning_content", line, problems, out _));
                        }
                    }
                    else if (reader.ValueTextEquals("solution"u8))
                    {
                        if (Once(ref hasSolution, "cot_response.solution", line, problems, ref reader))
                        {
                            solution = Response(ReadString(ref reader, "cot_response.solution", line, problems, out _));
                        }
                    }
                    else
                    {
                        var key = JsonEscapes.FindLoneSurrogate(reader.ValueSpan) is null ? reader.GetString()! : Encoding.UTF8.GetString(reader.ValueSpan);
                        problems.Add(line, CotField, $"unexpected key '{Shorten(key)}': the object has reasoning_content and solution.");
                        reader.Read();
                        reader.Skip();
                    }
                }
                return (reasoning, solution);
            default:
                problems.Add(line, CotField, $"must be an object {{reasoning_content, solution}} or a string, not {Describe(reader.TokenType)}.");
                reader.Skip();
                return (null, null);
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    /// <summary>System.Text.Json's messages end with its own position; ours is in front.</summary>
    private static string CleanJsonMessage(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (at > 0 ? message[..at] : message).Trim();
    }
}
