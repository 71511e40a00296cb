using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsvHelper;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Rendering;

namespace FalseReject.Web.Features.Datasets.Export;

/// <summary>
/// Writes export rows to a destination stream, only ever asynchronously (an HTTP response body
/// refuses synchronous writes): rows are formatted into a small in-memory chunk that is handed to
/// the destination whenever it passes <see cref="ChunkBytes"/>. Memory stays at about one chunk
/// plus one row whatever the number of rows.
/// </summary>
internal abstract class ExportWriter : IAsyncDisposable
{
    public const int ChunkBytes = 64 * 1024;

    private readonly Stream _destination;

    protected ExportWriter(Stream destination) => _destination = destination;

    protected MemoryStream Chunk { get; } = new(ChunkBytes * 2);

    public int Rows { get; private set; }

    /// <summary>The writer of <paramref name="format"/>; <paramref name="csvRaw"/> writes CSV cells exactly as stored (see <see cref="SafeCsv"/>).</summary>
    public static ExportWriter Create(ExportKind kind, ExportFormat format, Stream destination, bool csvRaw = false) => format == ExportFormat.Csv
        ? new CsvExportWriter(kind, destination, csvRaw)
        : new JsonlExportWriter(destination);

    public async ValueTask WriteAsync(VerifiedBenignRow row, CancellationToken ct)
    {
        Format(row);
        await RowDoneAsync(ct);
    }

    public async ValueTask WriteAsync(FullExportRow row, CancellationToken ct)
    {
        Format(row);
        await RowDoneAsync(ct);
    }

    /// <summary>Writes whatever is buffered and flushes the destination.</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        FlushFormatter();
        await SendAsync(ct);
        await _destination.FlushAsync(ct);
    }

    public virtual ValueTask DisposeAsync() => Chunk.DisposeAsync();

    protected abstract void Format(VerifiedBenignRow row);

    protected abstract void Format(FullExportRow row);

    /// <summary>Moves what the formatter holds into <see cref="Chunk"/>.</summary>
    protected abstract void FlushFormatter();

    private async ValueTask RowDoneAsync(CancellationToken ct)
    {
        Rows++;
        if (Chunk.Length >= ChunkBytes)
        {
            await SendAsync(ct);
        }
    }

    private async ValueTask SendAsync(CancellationToken ct)
    {
        if (Chunk.Length > 0)
        {
            await _destination.WriteAsync(Chunk.GetBuffer().AsMemory(0, (int)Chunk.Length), ct);
            Chunk.SetLength(0);
        }
    }

    protected static string? Lower<T>(T? value) where T : struct, Enum => value?.ToString().ToLowerInvariant();

    protected static string? Timestamp(DateTimeOffset? value) => value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>The field names of both kinds, in their order (JSON keys and CSV header alike, but for the CoT response).</summary>
internal static class ExportFields
{
    public const string Prompt = "prompt";
    public const string Category = "category";
    public const string CategoryText = "category_text";
    public const string InstructResponse = "instruct_response";
    public const string CotResponse = "cot_response";
    public const string CotReasoning = "cot_reasoning";
    public const string CotSolution = "cot_solution";
    public const string Status = "status";
    public const string GoldLabel = "gold_label";
    public const string SettlementKind = "settlement_kind";
    public const string SettledAt = "settled_at";
    public const string SettledBy = "settled_by";
    public const string AdjudicationReason = "adjudication_reason";
    public const string AdjudicationConfidence = "adjudication_confidence";
    public const string AdjudicationNote = "adjudication_note";
    public const string VotesSafe = "votes_safe";
    public const string VotesUnsafe = "votes_unsafe";
    public const string VotesUnsure = "votes_unsure";
    public const string VotesTotal = "votes_total";
    public const string Agreement = "agreement";
    public const string ResponseReviewStatus = "response_review_status";
    public const string GoldRubric = "gold_rubric";

    public static readonly string[] VerifiedBenign = [Prompt, Category, CategoryText];

    /// <summary>The full export's CSV header (the JSONL objects have one <c>cot_response</c> object instead of the two CoT columns).</summary>
    public static readonly string[] FullCsv =
    [
        Prompt, Category, CategoryText, InstructResponse, CotReasoning, CotSolution,
        Status, GoldLabel, SettlementKind, SettledAt, SettledBy, AdjudicationReason, AdjudicationConfidence, AdjudicationNote,
        VotesSafe, VotesUnsafe, VotesUnsure, VotesTotal, Agreement, ResponseReviewStatus, GoldRubric,
    ];
}

internal sealed class JsonlExportWriter : ExportWriter
{
    // Files, not HTML: non-ASCII text is written as it is (UTF-8), as the Hub's files are.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Utf8JsonWriter _json;

    public JsonlExportWriter(Stream destination) : base(destination) => _json = new Utf8JsonWriter(Chunk, Options);

    protected override void Format(VerifiedBenignRow row)
    {
        _json.WriteStartObject();
        _json.WriteString(ExportFields.Prompt, row.Prompt);
        _json.WriteNumber(ExportFields.Category, row.Category);
        _json.WriteString(ExportFields.CategoryText, row.CategoryText);
        _json.WriteEndObject();
        EndLine();
    }

    protected override void Format(FullExportRow row)
    {
        _json.WriteStartObject();
        _json.WriteString(ExportFields.Prompt, row.Prompt);
        _json.WriteNumber(ExportFields.Category, row.Category);
        _json.WriteString(ExportFields.CategoryText, row.CategoryText);
        _json.WriteString(ExportFields.InstructResponse, row.InstructResponse);
        if (row.CotReasoning is null && row.CotSolution is null)
        {
            _json.WriteNull(ExportFields.CotResponse);
        }
        else
        {
            _json.WriteStartObject(ExportFields.CotResponse);
            _json.WriteString("reasoning_content", row.CotReasoning);
            _json.WriteString("solution", row.CotSolution);
            _json.WriteEndObject();
        }
        _json.WriteString(ExportFields.Status, Lower(row.Status));
        _json.WriteString(ExportFields.GoldLabel, Lower(row.GoldLabel));
        _json.WriteString(ExportFields.SettlementKind, Lower(row.SettlementKind));
        _json.WriteString(ExportFields.SettledAt, Timestamp(row.SettledAt));
        _json.WriteString(ExportFields.SettledBy, row.SettledBy);
        _json.WriteString(ExportFields.AdjudicationReason, row.AdjudicationReason);
        _json.WriteString(ExportFields.AdjudicationConfidence, row.AdjudicationConfidence);
        _json.WriteString(ExportFields.AdjudicationNote, row.AdjudicationNote);
        WriteNumber(ExportFields.VotesSafe, row.VotesSafe);
        WriteNumber(ExportFields.VotesUnsafe, row.VotesUnsafe);
        WriteNumber(ExportFields.VotesUnsure, row.VotesUnsure);
        WriteNumber(ExportFields.VotesTotal, row.VotesTotal);
        if (row.Agreement is { } agreement)
        {
            _json.WriteNumber(ExportFields.Agreement, agreement);
        }
        else
        {
            _json.WriteNull(ExportFields.Agreement);
        }
        _json.WriteString(ExportFields.ResponseReviewStatus, Lower(row.ResponseReviewStatus));
        _json.WritePropertyName(ExportFields.GoldRubric);
        if (row.GoldRubricJson is { } rubric)
        {
            _json.WriteRawValue(rubric);
        }
        else
        {
            _json.WriteNullValue();
        }
        _json.WriteEndObject();
        EndLine();
    }

    protected override void FlushFormatter() => _json.Flush();

    public override async ValueTask DisposeAsync()
    {
        await _json.DisposeAsync();
        await base.DisposeAsync();
    }

    private void WriteNumber(string name, int? value)
    {
        if (value is { } number)
        {
            _json.WriteNumber(name, number);
        }
        else
        {
            _json.WriteNull(name);
        }
    }

    private void EndLine()
    {
        _json.Flush();
        Chunk.WriteByte((byte)'\n');
        _json.Reset();
    }
}

/// <summary>
/// CSV by the app's one rule (<see cref="SafeCsv"/>): a text cell that starts like a formula is
/// prefixed with a single quote unless the caller asked for raw cells, which a re-import needs to
/// get the same prompts back. Numbers are written as numbers, so they are never escaped.
/// </summary>
internal sealed class CsvExportWriter : ExportWriter
{
    private readonly CsvWriter _csv;

    public CsvExportWriter(ExportKind kind, Stream destination, bool raw) : base(destination)
    {
        _csv = CsvWriter.Create(Chunk, SafeCsv.Options(raw), leaveOpen: true);
        _csv.WriteRecord(kind == ExportKind.VerifiedBenign ? ExportFields.VerifiedBenign : ExportFields.FullCsv);
    }

    protected override void Format(VerifiedBenignRow row)
    {
        _csv.WriteField(row.Prompt);
        _csv.WriteField(row.Category);
        _csv.WriteField(row.CategoryText);
        _csv.EndRecord();
    }

    protected override void Format(FullExportRow row)
    {
        _csv.WriteField(row.Prompt);
        _csv.WriteField(row.Category);
        _csv.WriteField(row.CategoryText);
        _csv.WriteField(row.InstructResponse);
        _csv.WriteField(row.CotReasoning);
        _csv.WriteField(row.CotSolution);
        _csv.WriteField(Lower(row.Status));
        _csv.WriteField(Lower(row.GoldLabel));
        _csv.WriteField(Lower(row.SettlementKind));
        _csv.WriteField(Timestamp(row.SettledAt));
        _csv.WriteField(row.SettledBy);
        _csv.WriteField(row.AdjudicationReason);
        _csv.WriteField(row.AdjudicationConfidence);
        _csv.WriteField(row.AdjudicationNote);
        _csv.WriteField(row.VotesSafe);
        _csv.WriteField(row.VotesUnsafe);
        _csv.WriteField(row.VotesUnsure);
        _csv.WriteField(row.VotesTotal);
        _csv.WriteField(row.Agreement, "R");
        _csv.WriteField(Lower(row.ResponseReviewStatus));
        _csv.WriteField(row.GoldRubricJson);
        _csv.EndRecord();
    }

    protected override void FlushFormatter() => _csv.Flush();

    public override async ValueTask DisposeAsync()
    {
        await _csv.DisposeAsync();
        await base.DisposeAsync();
    }
}
