using System.Text;
using FalseReject.Web.Security;

namespace FalseReject.Web.Features.Leaderboard;

public static class LeaderboardEndpoints
{
    /// <summary>
    /// The page's downloads (cookie-authenticated, Research policy): <c>GET /leaderboard/export?format=csv|json&amp;...</c>
    /// with the page's own query string, so the file holds exactly the filtered view. CSV cells that start like a
    /// formula are escaped unless the query asks for <c>raw=true</c> (Rendering/SafeCsv).
    /// </summary>
    public static IEndpointRouteBuilder MapLeaderboardDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet(LeaderboardUrl.Export, async (HttpContext http, LeaderboardService service, CancellationToken ct) =>
        {
            var q = http.Request.Query;
            var filter = LeaderboardUrl.Parse(q["dataset"], q["weights"], q["reasoning"], q["from"], q["to"], q["reported"], q["sort"]);
            var view = await service.GetAsync(filter, ct);
            var name = "leaderboard-" + new string((view.Dataset?.Name ?? "none").Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
            return string.Equals(q["format"], "json", StringComparison.OrdinalIgnoreCase)
                ? Results.File(Encoding.UTF8.GetBytes(LeaderboardExport.ToJson(view)), "application/json", name + ".json")
                : Results.File(Encoding.UTF8.GetBytes(LeaderboardExport.ToCsv(view, raw: string.Equals(q["raw"], "true", StringComparison.OrdinalIgnoreCase))),
                    "text/csv", name + ".csv");
        }).RequireAuthorization(Policies.Research);
        return app;
    }

    /// <summary><c>GET /api/leaderboard?dataset=NAME</c>: one object per entry, ranked by Compliance Rate.</summary>
    public static async Task<IResult> GetLeaderboardAsync(string? dataset, ICurrentCaller caller, LeaderboardService service, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(dataset))
        {
            return Results.Problem(detail: "The query parameter 'dataset' (a dataset's name) is required.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (!await caller.SatisfiesAsync(Policies.Research, ct))
        {
            return Results.Forbid();
        }
        var entries = await service.GetForApiAsync(dataset, ct);
        return entries is null
            ? Results.Problem(detail: $"There is no dataset named '{dataset}'.", statusCode: StatusCodes.Status404NotFound)
            : Results.Ok(entries);
    }
}
