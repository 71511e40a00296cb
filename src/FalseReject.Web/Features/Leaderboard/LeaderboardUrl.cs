using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace FalseReject.Web.Features.Leaderboard;

/// <summary>
/// The leaderboard's query string, both ways: <c>dataset</c>, <c>weights=open|closed</c>,
/// <c>reasoning=yes|no</c>, <c>from</c>/<c>to</c> (yyyy-MM-dd), <c>reported=false</c>, <c>sort=usr</c>.
/// The page, its download links and the download endpoint all use it, so a view and its file agree.
/// </summary>
public static class LeaderboardUrl
{
    public const string Page = "/leaderboard";
    public const string Export = "/leaderboard/export";

    public static LeaderboardFilter Parse(string? dataset, string? weights, string? reasoning, string? from, string? to, string? reported, string? sort) => new()
    {
        Dataset = string.IsNullOrWhiteSpace(dataset) ? null : dataset,
        OpenWeights = weights?.ToLowerInvariant() switch { "open" => true, "closed" => false, _ => null },
        Reasoning = reasoning?.ToLowerInvariant() switch { "yes" or "true" => true, "no" or "false" => false, _ => null },
        From = ParseDate(from),
        To = ParseDate(to),
        ShowReported = !string.Equals(reported, "false", StringComparison.OrdinalIgnoreCase),
        Sort = string.Equals(sort, "usr", StringComparison.OrdinalIgnoreCase) ? LeaderboardSort.Usr : LeaderboardSort.ComplianceRate,
    };

    public static string QueryString(LeaderboardFilter filter, string? format = null)
    {
        var query = new Dictionary<string, string?>();
        if (filter.Dataset is not null)
        {
            query["dataset"] = filter.Dataset;
        }
        if (filter.OpenWeights is { } open)
        {
            query["weights"] = open ? "open" : "closed";
        }
        if (filter.Reasoning is { } reasoning)
        {
            query["reasoning"] = reasoning ? "yes" : "no";
        }
        if (filter.From is { } from)
        {
            query["from"] = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        if (filter.To is { } to)
        {
            query["to"] = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        if (!filter.ShowReported)
        {
            query["reported"] = "false";
        }
        if (filter.Sort == LeaderboardSort.Usr)
        {
            query["sort"] = "usr";
        }
        if (format is not null)
        {
            query["format"] = format;
        }
        return QueryHelpers.AddQueryString("", query);
    }

    public static string For(LeaderboardFilter filter) => Page + QueryString(filter);

    public static string DownloadFor(LeaderboardFilter filter, string format) => Export + QueryString(filter, format);

    private static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
