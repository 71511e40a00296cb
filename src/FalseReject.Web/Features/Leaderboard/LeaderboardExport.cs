using System.Globalization;
using System.Text;
using System.Text.Json;

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

    public static string ToCsv(LeaderboardView view)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', CsvColumns).Append("\r\n");
        foreach (var e in view.Entries)
        {
            var counts = e.Metrics?.Counts;
            string?[] cells =
            [
                Number(e.RankByComplianceRate), Text(e.Model), Bool(e.Reported), Bool(e.OpenWeights), Bool(e.Reasoning),
                Number(e.RunId), e.RunDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Number(e.N),
                Number(counts?.FullCompliance), Number(counts?.SafePartialCompliance), Number(counts?.DirectRefusal), Number(counts?.Unjudged),
                Rate(e.ComplianceRate), Rate(e.ComplianceRateCi?.Low), Rate(e.ComplianceRateCi?.High),
                Rate(e.Usr), Rate(e.UsrCi?.Low), Rate(e.UsrCi?.High), Rate(e.RefusalRate), Number(e.RankByUsr), Bool(e.SyntheticDemo),
            ];
            csv.AppendJoin(',', cells.Select(c => c ?? "")).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Rate(double? value) => value?.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so spreadsheets never run it as a formula.</summary>
    internal static string Text(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
