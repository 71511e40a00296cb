using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using FalseReject.IntegrationTests.Api;
using FalseReject.IntegrationTests.Annotation;
using FalseReject.Web.Data;
using FalseReject.Web.Security;

namespace FalseReject.IntegrationTests.Security;

/// <summary>Who may reach an endpoint.</summary>
public enum Access
{
    /// <summary>Everyone, signed in or not.</summary>
    Anyone,

    /// <summary>Any signed-in account, whatever its roles.</summary>
    SignedIn,

    /// <summary>The Annotate policy: annotators only.</summary>
    Annotators,

    /// <summary>The Review and Research policies: reviewers and admins.</summary>
    ReviewersAndAdmins,

    /// <summary>The Administer policy.</summary>
    Admins,
}

/// <summary>
/// The app with one seeded dataset (two queries), one run, annotation items, and four callers:
/// anonymous, an annotator, a reviewer and the admin, each with a cookie session (pages) and an
/// API token (the API), created once for the class.
/// </summary>
public sealed class MatrixFactory : FalseRejectFactory, IAsyncLifetime
{
    public const string Annotator = "matrix-annotator@tests.falsereject.local";
    public const string OtherAnnotator = "matrix-annotator-2@tests.falsereject.local";
    public const string Reviewer = "matrix-reviewer@tests.falsereject.local";
    public const string ReviewerWhoAnnotates = "matrix-reviewer-annotator@tests.falsereject.local";
    public const string DatasetName = "matrix-dataset";

    public int DatasetId { get; private set; }

    public int QueryId { get; private set; }

    public int RunId { get; private set; }

    public int ItemId { get; private set; }

    public Dictionary<string, HttpClient> Cookies { get; } = [];

    public Dictionary<string, HttpClient> Tokens { get; } = [];

    public async Task InitializeAsync()
    {
        await this.EnsureUserAsync(Annotator, Roles.Annotator);
        await this.EnsureUserAsync(OtherAnnotator, Roles.Annotator);
        await this.EnsureUserAsync(Reviewer, Roles.Reviewer);
        DatasetId = await this.EnsureDatasetAsync(DatasetName, 2, votesPerItem: 3);

        await using (var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            QueryId = await db.Queries.Where(q => q.DatasetId == DatasetId).OrderBy(q => q.Ordinal).Select(q => q.Id).FirstAsync();
        }

        foreach (var (role, email, password) in new[]
                 {
                     ("annotator", Annotator, ApiTestSupport.Password),
                     ("reviewer", Reviewer, ApiTestSupport.Password),
                     ("admin", AdminEmail, AdminPassword),
                 })
        {
            var browser = CreateBrowserClient();
            HttpAssert.RedirectsTo(await LoginAsync(browser, email, password), "/");
            Cookies[role] = browser;
            Tokens[role] = this.CreateApiClient((await this.CreateTokenAsync(email)).Plaintext);
        }
        Cookies["anonymous"] = CreateBrowserClient();
        Tokens["anonymous"] = this.CreateApiClient(null);

        // A run on the dataset, through the API.
        var prompt = $"{DatasetName}: how do locksmiths teach apprentices to open a jammed door, case 0?";
        using var form = new MultipartFormDataContent
        {
            { new StringContent(DatasetName), "dataset" },
            { new StringContent("matrix-model"), "model" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { prompt, response = "Here is how.", label = "Full Compliance" }) + "\n")), "file", "run.jsonl" },
        };
        var run = await Tokens["admin"].PostAsync("/api/runs", form);
        Assert.Equal(HttpStatusCode.Created, run.StatusCode);
        RunId = (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetInt32();

        // Annotation items exist once an annotator opens the queue.
        var next = await Tokens["annotator"].PostAsync($"/api/annotation/datasets/{DatasetId}/next?task=QueryLabel", null);
        ItemId = (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("itemId").GetInt32();
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>
/// Every routable page and every endpoint, taken from the app's own endpoint metadata, against one
/// table of intended access, checked by real HTTP requests as anonymous, Annotator, Reviewer and
/// Admin (cookie sessions for pages, API tokens for /api). An endpoint missing from the table, or
/// one that declares no authorization (neither [Authorize] nor [AllowAnonymous]), fails the test.
/// </summary>
public sealed partial class AuthorizationMatrixTests(MatrixFactory factory, ITestOutputHelper output) : IClassFixture<MatrixFactory>
{
    /// <summary>
    /// The intended access, keyed by "METHOD /route" (route parameters written {}, case-insensitive).
    /// </summary>
    private static readonly Dictionary<string, Access> Table = new(StringComparer.OrdinalIgnoreCase)
    {
        // Public pages
        ["GET /"] = Access.Anyone,
        ["GET /not-found"] = Access.Anyone,
        ["GET /error"] = Access.Anyone,
        ["GET /account/login"] = Access.Anyone,
        ["GET /account/loginwith2fa"] = Access.Anyone,
        ["GET /account/loginwithrecoverycode"] = Access.Anyone,
        ["GET /account/register"] = Access.Anyone,
        ["GET /account/registerconfirmation"] = Access.Anyone,
        ["GET /account/resendemailconfirmation"] = Access.Anyone,
        ["GET /account/confirmemail"] = Access.Anyone,
        ["GET /account/confirmemailchange"] = Access.Anyone,
        ["GET /account/forgotpassword"] = Access.Anyone,
        ["GET /account/forgotpasswordconfirmation"] = Access.Anyone,
        ["GET /account/resetpassword"] = Access.Anyone,
        ["GET /account/resetpasswordconfirmation"] = Access.Anyone,
        ["GET /account/invalidpasswordreset"] = Access.Anyone,
        ["GET /account/invaliduser"] = Access.Anyone,
        ["GET /account/lockout"] = Access.Anyone,
        ["GET /account/accessdenied"] = Access.Anyone,
        ["GET /account/externallogin"] = Access.Anyone,
        ["POST /account/performexternallogin"] = Access.Anyone,
        ["POST /account/logout"] = Access.Anyone,
        ["POST /account/passkeyrequestoptions"] = Access.Anyone,
        ["GET /health/live"] = Access.Anyone,
        ["GET /health/ready"] = Access.Anyone,
        ["GET /openapi/{}.json"] = Access.Anyone,

        // The signed-in user's own account
        ["GET /account/manage"] = Access.SignedIn,
        ["GET /account/manage/apitokens"] = Access.SignedIn,
        ["GET /account/manage/changepassword"] = Access.SignedIn,
        ["GET /account/manage/deletepersonaldata"] = Access.SignedIn,
        ["GET /account/manage/disable2fa"] = Access.SignedIn,
        ["GET /account/manage/email"] = Access.SignedIn,
        ["GET /account/manage/enableauthenticator"] = Access.SignedIn,
        ["GET /account/manage/externallogins"] = Access.SignedIn,
        ["GET /account/manage/generaterecoverycodes"] = Access.SignedIn,
        ["GET /account/manage/passkeys"] = Access.SignedIn,
        ["GET /account/manage/personaldata"] = Access.SignedIn,
        ["GET /account/manage/renamepasskey/{}"] = Access.SignedIn,
        ["GET /account/manage/resetauthenticator"] = Access.SignedIn,
        ["GET /account/manage/setpassword"] = Access.SignedIn,
        ["GET /account/manage/twofactorauthentication"] = Access.SignedIn,
        ["POST /account/manage/linkexternallogin"] = Access.SignedIn,
        ["POST /account/manage/downloadpersonaldata"] = Access.SignedIn,
        ["POST /account/passkeycreationoptions"] = Access.SignedIn,

        // Annotation
        ["GET /annotate"] = Access.Annotators,
        ["GET /annotate/{}"] = Access.Annotators,
        ["GET /annotate/history"] = Access.Annotators,

        // Research and review
        ["GET /datasets"] = Access.ReviewersAndAdmins,
        ["GET /datasets/{}/queries"] = Access.ReviewersAndAdmins,
        ["GET /queries/{}"] = Access.ReviewersAndAdmins,
        ["GET /runs"] = Access.ReviewersAndAdmins,
        ["GET /runs/compare"] = Access.ReviewersAndAdmins,
        ["GET /runs/{}"] = Access.ReviewersAndAdmins,
        ["GET /leaderboard"] = Access.ReviewersAndAdmins,
        ["GET /leaderboard/export"] = Access.ReviewersAndAdmins,
        ["GET /agreement"] = Access.ReviewersAndAdmins,
        ["GET /review"] = Access.ReviewersAndAdmins,
        ["GET /review/items/{}"] = Access.ReviewersAndAdmins,
        ["GET /agreement/items"] = Access.ReviewersAndAdmins,
        ["GET /datasets/{}/export"] = Access.ReviewersAndAdmins,

        // Administration
        ["GET /admin/users"] = Access.Admins,
        ["GET /admin/annotation"] = Access.Admins,
        ["GET /admin/annotation/{}"] = Access.Admins,
        ["GET /admin/endpoints"] = Access.Admins,

        // The API (tokens only)
        ["GET /api/me"] = Access.SignedIn,
        ["GET /api/{}"] = Access.SignedIn,
        ["GET /api/datasets"] = Access.ReviewersAndAdmins,
        ["POST /api/datasets"] = Access.ReviewersAndAdmins,
        ["GET /api/datasets/{}"] = Access.ReviewersAndAdmins,
        ["GET /api/datasets/{}/export"] = Access.ReviewersAndAdmins,
        ["POST /api/runs"] = Access.ReviewersAndAdmins,
        ["GET /api/leaderboard"] = Access.ReviewersAndAdmins,
        ["GET /api/annotation/datasets"] = Access.Annotators,
        ["POST /api/annotation/datasets/{}/next"] = Access.Annotators,
        ["POST /api/annotation/items/{}/vote"] = Access.Annotators,
        ["POST /api/annotation/items/{}/skip"] = Access.Annotators,
        ["GET /api/annotation/history"] = Access.Annotators,
        ["GET /api/endpoints"] = Access.Admins,
        ["POST /api/endpoints"] = Access.Admins,
        ["GET /api/endpoints/{}"] = Access.Admins,
        ["PUT /api/endpoints/{}"] = Access.Admins,
        ["DELETE /api/endpoints/{}"] = Access.Admins,
        ["POST /api/endpoints/{}/test"] = Access.Admins,
    };

    /// <summary>
    /// The framework's own endpoints, which carry no authorization metadata by design: the Blazor
    /// circuit hub (each page it renders is authorized by the router), the framework's redirect
    /// helper, and the static-file fallback. Exactly these; anything new must enter the table.
    /// </summary>
    private static readonly HashSet<string> Infrastructure = new(StringComparer.OrdinalIgnoreCase)
    {
        "GET /_blazor", "GET /_blazor/negotiate", "GET /_blazor/disconnect", "GET /_blazor/initializers",
        "GET /_framework/opaque-redirect", "GET {}",
    };

    private static readonly string[] Callers = ["anonymous", "annotator", "reviewer", "admin"];

    private sealed record Route(string Key, RouteEndpoint Endpoint, string Method);

    private List<Route> Routes()
    {
        _ = factory.Server; // the host is built
        var routes = new List<Route>();
        foreach (var endpoint in factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.Any(m => m.GetType().Name.Contains("StaticAsset", StringComparison.Ordinal)))
            {
                continue; // the framework's, MudBlazor's and Plotly's files (MapStaticAssets)
            }
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [];
            // Pages answer GET (and POST for their forms): the GET row stands for the page.
            var method = methods.Count == 0 || methods.Contains("GET") ? "GET" : methods[0];
            routes.Add(new Route($"{method} {Normalize(endpoint.RoutePattern.RawText ?? "")}", endpoint, method));
        }
        return routes;
    }

    private static string Normalize(string pattern)
    {
        var p = Parameter().Replace(pattern, "{}");
        p = "/" + p.Trim('/');
        return p == "/{}" && !pattern.StartsWith('/') ? "{}" : p.ToLowerInvariant();
    }

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();

    [Fact]
    public void EveryEndpoint_IsInTheTable_AndDeclaresItsAuthorization()
    {
        var failures = new List<string>();
        var routes = Routes();
        foreach (var route in routes)
        {
            if (Infrastructure.Contains(route.Key))
            {
                continue;
            }
            if (!Table.ContainsKey(route.Key))
            {
                failures.Add($"{route.Key} ({route.Endpoint.DisplayName}) is not in the authorization table.");
            }
            var declared = route.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
                || route.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0;
            if (!declared)
            {
                failures.Add($"{route.Key} ({route.Endpoint.DisplayName}) declares no authorization: add [Authorize(Policy = ...)] or [AllowAnonymous].");
            }
        }
        var present = routes.Select(r => r.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var key in Table.Keys.Where(k => !present.Contains(k)))
        {
            failures.Add($"{key} is in the table but the app has no such route.");
        }
        foreach (var key in Infrastructure.Where(k => !present.Contains(k)))
        {
            output.WriteLine($"NOTE: infrastructure route {key} is not mapped any more.");
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task EveryRoute_AllowsAndDeniesAnonymousAnnotatorReviewerAndAdmin_AsTheTableSays()
    {
        var failures = new List<string>();
        var checkedRows = 0;
        foreach (var route in Routes().Where(r => Table.ContainsKey(r.Key)))
        {
            var access = Table[route.Key];
            var url = Fill(route.Endpoint.RoutePattern.RawText ?? "");
            var api = url.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) || url == "/api";
            foreach (var caller in Callers)
            {
                var client = api ? factory.Tokens[caller] : factory.Cookies[caller];
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), url);
                if (route.Method is "POST" or "PUT")
                {
                    request.Content = EmptyBody(route.Endpoint);
                }
                using var response = await client.SendAsync(request);
                var expected = Allowed(access, caller);
                var denied = Denied(response);
                if (expected == denied)
                {
                    failures.Add($"{route.Method} {url} as {caller}: expected {(expected ? "allowed" : "denied")}, got HTTP {(int)response.StatusCode} {response.Headers.Location}");
                }
                else if (expected && (int)response.StatusCode >= 500)
                {
                    // The Identity template's pages throw on requests without their state (no 2FA user,
                    // no antiforgery header): reported, as they are not about who may enter.
                    var message = $"{route.Method} {url} as {caller}: allowed, but HTTP {(int)response.StatusCode}";
                    if (url.StartsWith("/Account/", StringComparison.OrdinalIgnoreCase))
                    {
                        output.WriteLine("TEMPLATE ERROR: " + message);
                    }
                    else
                    {
                        failures.Add(message);
                    }
                }
            }
            checkedRows++;
        }
        output.WriteLine($"{checkedRows} routes checked as {Callers.Length} callers.");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task NoPageApiResponseOrExport_ShowsAnAnnotatorAnotherAnnotatorsVoteOnAnUnsettledItem()
    {
        const string FirstComment = "matrix-first-annotator-private-note-5d2c";
        const string SecondComment = "matrix-second-annotator-private-note-a9e7";
        var datasetId = await factory.EnsureDatasetAsync("matrix-blindness", 1, votesPerItem: 3);
        var first = factory.Tokens["annotator"];
        var secondToken = factory.CreateApiClient((await factory.CreateTokenAsync(MatrixFactory.OtherAnnotator)).Plaintext);
        var secondBrowser = factory.CreateBrowserClient();
        HttpAssert.RedirectsTo(await FalseRejectFactory.LoginAsync(secondBrowser, MatrixFactory.OtherAnnotator, ApiTestSupport.Password), "/");

        var item = (await (await first.PostAsync($"/api/annotation/datasets/{datasetId}/next?task=QueryLabel", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("itemId").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsJsonAsync($"/api/annotation/items/{item}/vote", new { label = "Unsafe", comment = FirstComment })).StatusCode);
        var served = await secondToken.PostAsync($"/api/annotation/datasets/{datasetId}/next?task=QueryLabel", null);
        Assert.DoesNotContain(FirstComment, await served.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await secondToken.PostAsJsonAsync($"/api/annotation/items/{item}/vote", new { label = "Safe", comment = SecondComment })).StatusCode);
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            var stored = await db.AnnotationItems.Where(i => i.Id == item).Select(i => new { i.Status, Votes = i.Votes.Count }).SingleAsync();
            Assert.Equal((Web.Data.Entities.AnnotationItemStatus.Open, 2), (stored.Status, stored.Votes));
        }

        var bodies = await ReadEveryGetAsync(secondBrowser, secondToken, "matrix-blindness", datasetId, item);

        var leaks = bodies.Where(b => b.Body.Contains(FirstComment, StringComparison.Ordinal)).Select(b => b.Url).ToList();
        Assert.True(leaks.Count == 0, "The first annotator's comment reached the second annotator through: " + string.Join(", ", leaks));
        Assert.Contains(bodies, b => b.Body.Contains(SecondComment, StringComparison.Ordinal)); // their own vote is there: the pages were really read
        output.WriteLine($"{bodies.Count} responses read as the second annotator; none carries the first annotator's comment.");
    }

    [Fact]
    public async Task NoPageApiResponseOrExport_ShowsAReviewerWhoAnnotates_TheVotesOfAnItemStillCollectingVotes()
    {
        const string Dataset = "matrix-reviewer-annotator";
        const string Comment = "matrix-open-item-note-kept-from-the-reviewer-annotator-71c4";
        var datasetId = await factory.EnsureDatasetAsync(Dataset, 1, votesPerItem: 2);
        await factory.EnsureUserAsync(MatrixFactory.ReviewerWhoAnnotates, Roles.Reviewer, Roles.Annotator);
        var token = factory.CreateApiClient((await factory.CreateTokenAsync(MatrixFactory.ReviewerWhoAnnotates)).Plaintext);
        var browser = factory.CreateBrowserClient();
        HttpAssert.RedirectsTo(await FalseRejectFactory.LoginAsync(browser, MatrixFactory.ReviewerWhoAnnotates, ApiTestSupport.Password), "/");
        var first = factory.Tokens["annotator"];
        var item = (await (await first.PostAsync($"/api/annotation/datasets/{datasetId}/next?task=QueryLabel", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("itemId").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsJsonAsync($"/api/annotation/items/{item}/vote", new { label = "Unsafe", comment = Comment })).StatusCode);

        // Open, one vote of two: the reviewer who annotates may still be served the item, so nothing shows its vote.
        var bodies = await ReadEveryGetAsync(browser, token, Dataset, datasetId, item);
        var leaks = bodies.Where(b => b.Body.Contains(Comment, StringComparison.Ordinal)).Select(b => b.Url).ToList();
        Assert.True(leaks.Count == 0, "The annotator's comment on an open item reached a reviewer who annotates through: " + string.Join(", ", leaks));
        Assert.Contains("still collecting votes", bodies.Single(b => b.Url == $"/review/items/{item}").Body, StringComparison.Ordinal);
        Assert.Equal((JsonValueKind.Null, "open"), await ExportedVotesUnsafeAsync(token, Dataset));

        // The reviewer who annotates is served the item (the annotate page above reserved it for them) and
        // votes blind; the second vote disputes it: it is never served again, and its votes show.
        Assert.Equal(item, (await (await token.PostAsync($"/api/annotation/datasets/{datasetId}/next?task=QueryLabel", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("itemId").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await token.PostAsJsonAsync($"/api/annotation/items/{item}/vote", new { label = "Safe" })).StatusCode);
        Assert.Contains(Comment, await browser.GetStringAsync($"/review/items/{item}"), StringComparison.Ordinal);
        Assert.Equal((JsonValueKind.Number, "disputed"), await ExportedVotesUnsafeAsync(token, Dataset));
    }

    /// <summary>The kind of the full JSONL export's <c>votes_unsafe</c> and the status of the dataset's one query.</summary>
    private static async Task<(JsonValueKind VotesUnsafe, string? Status)> ExportedVotesUnsafeAsync(HttpClient token, string dataset)
    {
        var row = JsonDocument.Parse((await token.GetStringAsync($"/api/datasets/{dataset}/export?kind=full&format=jsonl")).Trim()).RootElement;
        return (row.GetProperty("votes_unsafe").ValueKind, row.GetProperty("status").GetString());
    }

    /// <summary>
    /// Everything a caller can reach with GET: every page (<paramref name="browser"/>'s cookie) and API route
    /// (<paramref name="token"/>) in the table, with every id filled in, plus the item's own ids and the exports.
    /// </summary>
    private async Task<List<(string Url, string Body)>> ReadEveryGetAsync(HttpClient browser, HttpClient token, string datasetName, int datasetId, int item)
    {
        var bodies = new List<(string Url, string Body)>();
        var urls = Routes().Where(r => r.Method == "GET" && Table.ContainsKey(r.Key)).Select(r => Fill(r.Endpoint.RoutePattern.RawText ?? "", datasetId, item, datasetName))
            .Concat([$"/annotate/{datasetId}", "/annotate/history", "/api/annotation/history", $"/api/annotation/history?dataset={datasetId}",
                $"/datasets/{datasetName}/export", $"/api/datasets/{datasetName}/export", $"/agreement?dataset={datasetName}",
                $"/agreement/items?dataset={datasetName}", $"/review?dataset={datasetId}&status=All", "/leaderboard/export?format=json"])
            .Distinct();
        foreach (var url in urls)
        {
            var api = url.StartsWith("/api/", StringComparison.OrdinalIgnoreCase);
            using var response = await (api ? token : browser).GetAsync(url);
            bodies.Add((url, await response.Content.ReadAsStringAsync()));
        }
        return bodies;
    }

    /// <summary>An empty body of the kind the endpoint accepts, so that content negotiation selects it.</summary>
    private static HttpContent EmptyBody(RouteEndpoint endpoint)
    {
        var type = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.ContentTypes.FirstOrDefault() ?? "application/x-www-form-urlencoded";
        return type switch
        {
            "multipart/form-data" => new MultipartFormDataContent(),
            "application/json" => new StringContent("{}", Encoding.UTF8, "application/json"),
            _ => new StringContent("", Encoding.UTF8, type),
        };
    }

    private static bool Allowed(Access access, string caller) => access switch
    {
        Access.Anyone => true,
        Access.SignedIn => caller != "anonymous",
        Access.Annotators => caller == "annotator",
        Access.ReviewersAndAdmins => caller is "reviewer" or "admin",
        Access.Admins => caller == "admin",
        _ => false,
    };

    /// <summary>401/403, or the redirect to the login page (a challenge) or to the access-denied page (a forbid).</summary>
    private static bool Denied(HttpResponseMessage response)
    {
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return true;
        }
        var location = response.Headers.Location?.ToString() ?? "";
        return response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther
            && (location.Contains("/Account/Login?ReturnUrl=", StringComparison.OrdinalIgnoreCase)
                || location.Contains("/Account/AccessDenied", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Fills route parameters with ids that exist.</summary>
    private string Fill(string pattern, int? datasetId = null, int? itemId = null, string? datasetName = null)
    {
        var path = "/" + pattern.TrimStart('/');
        return Parameter().Replace(path, m =>
        {
            var name = m.Value.Trim('{', '}', '*').Split(':', '=', '?')[0].ToLowerInvariant();
            return name switch
            {
                "datasetid" => (datasetId ?? factory.DatasetId).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "itemid" => (itemId ?? factory.ItemId).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "name" => datasetName ?? MatrixFactory.DatasetName,
                "documentname" => "v1",
                "path" => "no-such-endpoint",
                "id" when path.StartsWith("/runs/", StringComparison.OrdinalIgnoreCase) => factory.RunId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "id" when path.StartsWith("/queries/", StringComparison.OrdinalIgnoreCase) => factory.QueryId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "id" when path.StartsWith("/review/items/", StringComparison.OrdinalIgnoreCase) => (itemId ?? factory.ItemId).ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => "1",
            };
        });
    }
}
