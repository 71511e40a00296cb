using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Features.Datasets.Export;

/// <summary>What an export holds.</summary>
public enum ExportKind
{
    /// <summary>Every query with its gold label, status, provenance, vote counts and agreement.</summary>
    Full,

    /// <summary>
    /// Only queries whose query-label item is settled with gold label Safe, in exactly the
    /// FalseReject-Test schema: <c>prompt</c>, <c>category</c>, <c>category_text</c>.
    /// </summary>
    VerifiedBenign,
}

/// <summary>The file format of an export.</summary>
public enum ExportFormat
{
    /// <summary>One JSON object per line, UTF-8 (the Hugging Face schema's own format).</summary>
    Jsonl,

    /// <summary>RFC 4180 CSV with a header row, UTF-8 without a byte order mark.</summary>
    Csv,
}

/// <summary>The words the UI, the CLI and the API use for kinds and formats.</summary>
public static class ExportNames
{
    public const string Full = "full";
    public const string VerifiedBenign = "verified-benign";
    public const string Jsonl = "jsonl";
    public const string Csv = "csv";

    public static readonly IReadOnlyList<string> Kinds = [Full, VerifiedBenign];
    public static readonly IReadOnlyList<string> Formats = [Jsonl, Csv];

    /// <summary>The kind named by <paramref name="text"/> (case-insensitive); <paramref name="fallback"/> when it is blank; null when it names none.</summary>
    public static ExportKind? ParseKind(string? text, ExportKind? fallback = ExportKind.Full) =>
        string.IsNullOrWhiteSpace(text) ? fallback
        : text.Trim().ToLowerInvariant() switch
        {
            Full => ExportKind.Full,
            VerifiedBenign or "verified_benign" or "verifiedbenign" => ExportKind.VerifiedBenign,
            _ => null,
        };

    /// <summary>The format named by <paramref name="text"/> (case-insensitive); <paramref name="fallback"/> when it is blank; null when it names none.</summary>
    public static ExportFormat? ParseFormat(string? text, ExportFormat? fallback = ExportFormat.Jsonl) =>
        string.IsNullOrWhiteSpace(text) ? fallback
        : text.Trim().ToLowerInvariant() switch
        {
            Jsonl => ExportFormat.Jsonl,
            Csv => ExportFormat.Csv,
            _ => null,
        };

    public static string Name(this ExportKind kind) => kind == ExportKind.VerifiedBenign ? VerifiedBenign : Full;

    public static string Name(this ExportFormat format) => format == ExportFormat.Csv ? Csv : Jsonl;

    public static string ContentType(this ExportFormat format) =>
        format == ExportFormat.Csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";

    public static string BadKindMessage(string? text) =>
        $"Unknown export kind '{text}': use {Full} or {VerifiedBenign}.";

    public static string BadFormatMessage(string? text) =>
        $"Unknown export format '{text}': use {Jsonl} or {Csv}.";
}

/// <summary>The dataset an export is about, resolved before anything is written (so that an unknown name is a clean 404 or error).</summary>
public sealed record DatasetExportTarget(int Id, string Name)
{
    /// <summary>A safe file name: the dataset's name with anything but ASCII letters, digits, '-', '_' and '.' replaced by '-'.</summary>
    public string FileName(ExportKind kind, ExportFormat format)
    {
        var safe = new string(Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray()).Trim('-', '.');
        return $"{(safe.Length == 0 ? "dataset" : safe)}-{kind.Name()}.{format.Name()}";
    }
}

/// <summary>One row of the verified-benign export: the FalseReject-Test schema, in its order.</summary>
public sealed record VerifiedBenignRow(string Prompt, int Category, string CategoryText);

/// <summary>
/// One row of the full export: a query, its structured responses (so that re-importing the file
/// gives the same queries), and the state of its query-label item (null status when the dataset
/// has no annotation items yet) and of its response-review item. The vote counts and the agreement
/// are null when they are hidden from the caller: the item is open and the caller may still be
/// asked to annotate it (<see cref="Annotation.VoteVisibility"/>).
/// </summary>
/// <param name="AdjudicationReason">An adjudicated item's reason: annotator_error, ambiguous_query, guideline_gap or genuinely_borderline.</param>
/// <param name="AdjudicationConfidence">An adjudicated item's confidence: low, medium or high.</param>
/// <param name="VotesSafe">Submitted votes labelled Safe.</param>
/// <param name="VotesUnsafe">Submitted votes labelled Unsafe.</param>
/// <param name="VotesUnsure">Submitted votes flagged unsure (each also carries its Safe or Unsafe label).</param>
/// <param name="VotesTotal">All submitted votes.</param>
/// <param name="Agreement">
/// The item's share of agreeing annotator pairs, Σ n_j(n_j − 1) / (n(n − 1)) over the labels: the
/// per-item score of <see cref="Statistics.Agreement.PerItem"/> (1 = unanimous); null with fewer than two votes.
/// </param>
public sealed record FullExportRow(
    string Prompt,
    int Category,
    string CategoryText,
    string? InstructResponse,
    string? CotReasoning,
    string? CotSolution,
    AnnotationItemStatus? Status,
    QueryLabel? GoldLabel,
    SettlementKind? SettlementKind,
    DateTimeOffset? SettledAt,
    string? SettledBy,
    string? AdjudicationReason,
    string? AdjudicationConfidence,
    string? AdjudicationNote,
    int? VotesSafe,
    int? VotesUnsafe,
    int? VotesUnsure,
    int? VotesTotal,
    double? Agreement,
    AnnotationItemStatus? ResponseReviewStatus,
    string? GoldRubricJson)
{
    /// <summary>The per-item agreement of <see cref="Statistics.Agreement.PerItem"/> from label counts; null with fewer than two labels.</summary>
    public static double? PairAgreement(int safe, int @unsafe)
    {
        long n = safe + @unsafe;
        if (n < 2)
        {
            return null;
        }
        return (((long)safe * (safe - 1)) + ((long)@unsafe * (@unsafe - 1))) / (double)(n * (n - 1));
    }
}
