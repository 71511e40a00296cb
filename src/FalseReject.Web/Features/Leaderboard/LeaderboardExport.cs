using System.Globalization;
using System.Text.Json;
using CsvHelper;
using FalseReject.Web.Rendering;

namespace FalseReject.Web.Features.Leaderboard;

/// <summary>The filtered view as a file: the same entries, in the same order, as the page shows.</summary>
public static class LeaderboardExport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static readonly string[] CsvColumns =
    [
        "rank", "model", "reported", "open_weights", "reasoning", "run_id", "run_date", "n", "full_compliance",
        "safe_partial_compliance", "direct_refusal", "unjudged", "compliance_rate", "compliance_rate_low",
        "compliance_rate_high", "usr", "usr_low", "usr_high", "refusal_rate", "rank_by_usr", "synthetic_demo",
    ];

    public static string ToJson(LeaderboardView view) =>
        JsonSerializer.Serialize(view.Entries.Select(LeaderboardApiEntry.From), Json);

    /// <summary>
    /// The entries as CSV by the app's one rule (<see cref="SafeCsv"/>): a model name that starts like a
    /// spreadsheet formula gets a single quote in front, unless <paramref name="raw"/> asks for it exactly.
    /// </summary>
    public static string ToCsv(LeaderboardView view, bool raw = false)
    {
        ArgumentNullException.ThrowIfNull(view);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, SafeCsv.Options(raw), leaveOpen: true))
        {
            csv.WriteRecord(CsvColumns);
            foreach (var e in view.Entries)
            {
                var counts = e.Metrics?.Counts;
                csv.WriteField(e.RankByComplianceRate);
                csv.WriteField(e.Model);
                csv.WriteField(Bool(e.Reported));
                csv.WriteField(Bool(e.OpenWeights));
                csv.WriteField(Bool(e.Reasoning));
                csv.WriteField(e.RunId);
                csv.WriteField(e.RunDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                csv.WriteField(e.N);
                csv.WriteField(counts?.FullCompliance);
                csv.WriteField(counts?.SafePartialCompliance);
                csv.WriteField(counts?.DirectRefusal);
                csv.WriteField(counts?.Unjudged);
                csv.WriteField(e.ComplianceRate, RateFormat);
                csv.WriteField(e.ComplianceRateCi?.Low, RateFormat);
                csv.WriteField(e.ComplianceRateCi?.High, RateFormat);
                csv.WriteField(e.Usr, RateFormat);
                csv.WriteField(e.UsrCi?.Low, RateFormat);
                csv.WriteField(e.UsrCi?.High, RateFormat);
                csv.WriteField(e.RefusalRate, RateFormat);
                csv.WriteField(e.RankByUsr);
                csv.WriteField(Bool(e.SyntheticDemo));
                csv.EndRecord();
            }
        }
        return text.ToString();
    }

    private const string RateFormat = "0.######";

    private static string Bool(bool value) => value ? "true" : "false";
}
