using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Buffers;
using System.Text;
using CsvHelper;
using static FalseReject.Web.Features.Datasets.Import.QueryFieldRules;

namespace FalseReject.Web.Features.Datasets.Import;

/// <summary>
/// CSV with a header row (RFC 4180 quoting; quoted fields may span lines): <c>prompt</c>, and
/// <c>category</c> (an id, or a name) or <c>category_text</c> (a name); optionally
/// <c>instruct_response</c>, <c>cot_reasoning</c>, <c>cot_solution</c> (or one <c>cot_response</c>
/// column, split like a JSONL string). Other columns' non-empty values become the query's metadata.
/// Problems name the line where the record starts.
/// </summary>
internal sealed class CsvRowReader(Stream stream, IProgress<long>? progress) : IImportRowReader
{
    private static readonly string[] KnownColumns =
        [PromptField, CategoryField, CategoryTextField, InstructField, CotReasoningField, CotSolutionField, CotField];

    public int Records { get; private set; }

    public async IAsyncEnumerable<ImportRow> ReadAsync(ProblemLog problems, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            TrackLineNumbers = true,
            AllowLineBreaksInQuotes = true,
            SkipEmptyLines = true,
            FieldCountMismatch = CsvFieldCountHandling.Skip,
            OnMalformedRecord = m => problems.Add((int)m.LineNumber, null, Describe(m)),
        };
        await using var checking = new Utf8CheckingStream(stream, progress);
        await using var csv = CsvReader.Create(checking, options, leaveOpen: true);
        await csv.ReadHeaderAsync(cancellationToken);
        var headers = csv.Headers;
        if (headers.Count == 0)
        {
            yield break;
        }

        var prompt = Column(csv, PromptField);
        var category = Column(csv, CategoryField);
        var categoryText = Column(csv, CategoryTextField);
        var instruct = Column(csv, InstructField);
        var reasoning = Column(csv, CotReasoningField);
        var solution = Column(csv, CotSolutionField);
        var cot = Column(csv, CotField);
        if (prompt < 0)
        {
            problems.Add(1, PromptField, $"the header has no '{PromptField}' column (it has: {Shorten(string.Join(", ", headers))}).");
        }
        if (category < 0 && categoryText < 0)
        {
            problems.Add(1, CategoryField, $"the header has neither a '{CategoryField}' nor a '{CategoryTextField}' column.");
        }
        if (problems.Total > 0)
        {
            yield break;
        }
        var known = new HashSet<int>(new[] { prompt, category, categoryText, instruct, reasoning, solution, cot }.Where(i => i >= 0));
        var extra = Enumerable.Range(0, headers.Count).Where(i => !known.Contains(i) && !string.IsNullOrWhiteSpace(headers[i])).ToArray();
        var metadataBuffer = new ArrayBufferWriter<byte>(1024);
        using var metadataWriter = new Utf8JsonWriter(metadataBuffer);

        while (await csv.ReadAsync(cancellationToken))
        {
            Records++;
            var line = (int)csv.LineNumber;
            var before = problems.Total;
            var promptText = CheckPrompt(Get(csv, prompt), true, line, problems);

            int? id = null;
            var idGiven = false;
            string? name = Get(csv, categoryText);
            if (Get(csv, category) is { } categoryCell && !string.IsNullOrWhiteSpace(categoryCell))
            {
                if (ParseId(categoryCell) is { } parsed)
                {
                    id = parsed;
                    idGiven = true;
                }
                else if (categoryText < 0 || string.IsNullOrWhiteSpace(name))
                {
                    name = categoryCell; // a name in the category column
                }
                else
                {
                    problems.Add(line, CategoryField, $"must be a category id (a whole number from 1 to 46), not \"{Shorten(categoryCell)}\".");
                    idGiven = true;
                }
            }
            var categoryId = ResolveCategory(id, idGiven, name, line, problems,
                nameField: categoryText >= 0 && !string.IsNullOrWhiteSpace(Get(csv, categoryText)) ? CategoryTextField : CategoryField);

            string? cotReasoning = Response(Get(csv, reasoning)), cotSolution = Response(Get(csv, solution));
            if (cot >= 0 && cotReasoning is null && cotSolution is null)
            {
                (cotReasoning, cotSolution) = SplitCot(Get(csv, cot));
            }

            if (problems.Total != before || promptText is null || categoryId is null)
            {
                continue;
            }

            string? metadata = null;
            if (extra.Length > 0)
            {
                metadataBuffer.ResetWrittenCount();
                metadataWriter.Reset(metadataBuffer);
                metadataWriter.WriteStartObject();
                var any = false;
                foreach (var i in extra)
                {
                    if (Get(csv, i) is { Length: > 0 } value)
                    {
                        metadataWriter.WriteString(headers[i], value);
                        any = true;
                    }
                }
                metadataWriter.WriteEndObject();
                metadataWriter.Flush();
                metadata = any ? Encoding.UTF8.GetString(metadataBuffer.WrittenSpan) : null;
            }
            yield return new ImportRow(line, promptText, categoryId.Value, Response(Get(csv, instruct)), cotReasoning, cotSolution, metadata);
        }
    }

    private static int Column(CsvReader csv, string name) => csv.TryGetFieldIndex(name, out var index) ? index : -1;

    private static string? Get(CsvReader csv, int index) => index < 0 || index >= csv.FieldCount ? null : csv.GetString(index);

    private static string Describe(CsvMalformedRecord record) => record.Reason switch
    {
        CsvMalformedReason.StrayQuote => "a quote inside an unquoted field: quote the whole field and double the quotes inside it (\"\").",
        CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote of a field: double the quotes inside a quoted field (\"\").",
        CsvMalformedReason.UnterminatedQuote => "a quoted field is never closed.",
        CsvMalformedReason.FieldCountMismatch => "the record has a different number of fields than the header.",
        _ => $"malformed record ({record.Reason}).",
    };
}
