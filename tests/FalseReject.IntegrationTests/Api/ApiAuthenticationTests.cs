using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FalseReject.Web.Security;

namespace FalseReject.IntegrationTests.Api;

/// <summary>
/// /api is authenticated by personal API tokens only: created and revoked on the account page,
/// sent as a bearer credential; a browser's cookie never counts.
/// </summary>
public sealed partial class ApiAuthenticationTests(FalseRejectFactory factory) : IClassFixture<FalseRejectFactory>, IAsyncLifetime
{
    private const string ReviewerEmail = "api-auth-reviewer@tests.falsereject.local";

    public Task InitializeAsync() => factory.EnsureUserAsync(ReviewerEmail, Roles.Reviewer);

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    [InlineData("frk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Api_WithoutAValidToken_Answers401_WithABearerChallenge_AndJson(string? token)
    {
        var response = await factory.CreateApiClient(token).GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Api_WithAValidToken_ActsAsItsOwner_WithTheOwnersRoles()
    {
        var created = await factory.CreateTokenAsync(ReviewerEmail);

        var response = await factory.CreateApiClient(created.Plaintext).GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var caller = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ReviewerEmail, caller.GetProperty("email").GetString());
        Assert.Equal([Roles.Reviewer], caller.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task TokenCreatedOnTheAccountPage_IsShownOnce_WorksForTheApi_AndStopsWhenRevokedThere()
    {
        var browser = factory.CreateBrowserClient();
        HttpAssert.RedirectsTo(await FalseRejectFactory.LoginAsync(browser, ReviewerEmail, ApiTestSupport.Password), "/");

        var page = await browser.GetStringAsync("/Account/Manage/ApiTokens");
        using var create = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = ApiTestSupport.AntiforgeryToken(page),
            ["_handler"] = "create-api-token",
            ["Input.Name"] = "page-made token",
            ["Input.ExpiresInDays"] = "30",
        });
        var created = await browser.PostAsync("/Account/Manage/ApiTokens", create);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Contains("no-store", created.Headers.CacheControl?.ToString());
        var html = await created.Content.ReadAsStringAsync();
        var token = NewTokenValue().Match(html).Groups[1].Value;
        Assert.StartsWith("frk_", token, StringComparison.Ordinal);
        Assert.Contains("page-made token", html);

        // Shown once: reloading the page lists the token by its prefix, never the secret.
        var reloaded = await browser.GetStringAsync("/Account/Manage/ApiTokens");
        Assert.DoesNotContain(token, reloaded);
        Assert.Contains(token[..(4 + 16)], reloaded);

        Assert.Equal(HttpStatusCode.OK, (await factory.CreateApiClient(token).GetAsync("/api/me")).StatusCode);

        var revokeId = RevokeButton().Match(reloaded).Groups[1].Value;
        using var revoke = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = ApiTestSupport.AntiforgeryToken(reloaded),
            ["_handler"] = "revoke-api-token",
            ["RevokeId"] = revokeId,
        });
        HttpAssert.RedirectsTo(await browser.PostAsync("/Account/Manage/ApiTokens", revoke), "/Account/Manage/ApiTokens");

        var refused = await factory.CreateApiClient(token).GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("revoked", refused.Headers.WwwAuthenticate.ToString());
        Assert.Contains("revoked", await browser.GetStringAsync("/Account/Manage/ApiTokens"));
    }

    [Fact]
    public async Task LoggedInBrowserSession_DoesNotAuthenticateTheApi()
    {
        var browser = factory.CreateBrowserClient();
        HttpAssert.RedirectsTo(await FalseRejectFactory.LoginAsync(browser, ReviewerEmail, ApiTestSupport.Password), "/");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/datasets")).StatusCode);

        var response = await browser.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task UnknownApiPath_IsAJson404_ForATokenHolder_And401_ForAnyoneElse()
    {
        var created = await factory.CreateTokenAsync(ReviewerEmail);
        var found = await factory.CreateApiClient(created.Plaintext).GetAsync("/api/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, found.StatusCode);
        Assert.Equal("application/problem+json", found.Content.Headers.ContentType?.MediaType);

        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateApiClient(null).GetAsync("/api/no-such-thing")).StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_IsPublic_ListsTheApi_AndDeclaresTheBearerScheme()
    {
        var response = await factory.CreateApiClient(null).GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;

        var paths = root.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/me", paths);
        Assert.All(paths, p => Assert.StartsWith("/api/", p, StringComparison.Ordinal));

        var scheme = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiToken");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.True(root.GetProperty("security")[0].TryGetProperty("ApiToken", out _));
    }

    [GeneratedRegex("id=\"new-token\" value=\"([^\"]+)\"")]
    private static partial Regex NewTokenValue();

    [GeneratedRegex("name=\"RevokeId\" value=\"(\\d+)\"")]
    private static partial Regex RevokeButton();
}
