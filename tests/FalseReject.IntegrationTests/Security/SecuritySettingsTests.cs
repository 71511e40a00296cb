using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using FalseReject.Web;

namespace FalseReject.IntegrationTests.Security;

public sealed partial class SecuritySettingsTests(FalseRejectFactory factory) : IClassFixture<FalseRejectFactory>
{
    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/")]
    public async Task Pages_CarryTheSecurityHeaders_AndAScriptPolicyWithoutInlineScripts(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d);
        Assert.Equal("default-src 'self'", directives["default-src"]);
        Assert.Matches(NonceDirective(), directives["script-src"]);
        Assert.DoesNotContain("unsafe-inline", directives["script-src"]);
        Assert.DoesNotContain("unsafe-eval", directives["script-src"]);
        Assert.Equal("object-src 'none'", directives["object-src"]);
        Assert.Equal("frame-ancestors 'none'", directives["frame-ancestors"]);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task TheInlineImportMap_CarriesThisResponsesNonce_AndIsTheOnlyInlineScript()
    {
        var response = await factory.CreateClient().GetAsync("/Account/Login");
        var nonce = NonceDirective().Match(Assert.Single(response.Headers.GetValues("Content-Security-Policy"))).Groups[1].Value;
        var html = await response.Content.ReadAsStringAsync();
        var inline = InlineScript().Matches(html).Select(m => m.Value).ToList();
        var importMap = Assert.Single(inline);
        Assert.Contains("type=\"importmap\"", importMap);
        // The attribute is HTML-encoded ('+' in base64 becomes &#x2B;); the browser decodes it.
        Assert.Contains($"nonce=\"{nonce}\"", WebUtility.HtmlDecode(importMap));

        var again = await factory.CreateClient().GetAsync("/Account/Login");
        var otherNonce = NonceDirective().Match(Assert.Single(again.Headers.GetValues("Content-Security-Policy"))).Groups[1].Value;
        Assert.NotEqual(nonce, otherNonce);
    }

    [Fact]
    public async Task LoginPost_WithoutTheAntiforgeryToken_IsRejected()
    {
        var client = factory.CreateBrowserClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = FalseRejectFactory.AdminEmail,
            ["Input.Password"] = FalseRejectFactory.AdminPassword,
        });
        var response = await client.PostAsync("/Account/Login", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith(".AspNetCore.Identity.Application", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task FiveFailedLogins_LockTheAccount_EvenForTheRightPassword()
    {
        const string email = "lockout@tests.falsereject.local";
        const string password = "Lockout-Pass-123";
        await factory.CreateUserAsync(email, password, "Annotator");
        var client = factory.CreateBrowserClient();
        for (var i = 0; i < 4; i++)
        {
            var failed = await FalseRejectFactory.LoginAsync(client, email, "Wrong-Pass-123");
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }
        HttpAssert.RedirectsTo(await FalseRejectFactory.LoginAsync(client, email, "Wrong-Pass-123"), "/Account/Lockout");
        var locked = await FalseRejectFactory.LoginAsync(client, email, password);
        HttpAssert.RedirectsTo(locked, "/Account/Lockout");
    }

    [Fact]
    public void RootAppsettings_HoldsNoSecrets()
    {
        var root = ContentRoot.FindFrom(AppContext.BaseDirectory)!;
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "appsettings.json")));
        var values = new List<(string Path, string Value)>();
        Collect(settings.RootElement, "", values);
        Assert.DoesNotContain(values, v => Regex.IsMatch(v.Path, "password|secret|apikey|token", RegexOptions.IgnoreCase) && v.Value.Length > 0);
        Assert.DoesNotContain(values, v => Regex.IsMatch(v.Value, "(password|pwd)=", RegexOptions.IgnoreCase));
    }

    private static void Collect(JsonElement element, string path, List<(string, string)> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, path + ":" + property.Name, values);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, path, values);
                }
                break;
            default:
                values.Add((path, element.ToString()));
                break;
        }
    }

    [GeneratedRegex("script-src 'self' 'nonce-([^']+)'")]
    private static partial Regex NonceDirective();

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}

/// <summary>Outside Development the app runs behind HTTPS: its cookies are Secure and HttpOnly.</summary>
public sealed class ProductionCookieTests : IDisposable
{
    private readonly ProductionFalseRejectFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task SignInAndAntiforgeryCookies_AreSecureAndHttpOnly()
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = true,
            BaseAddress = new Uri("https://localhost"),
        });
        var page = await client.GetAsync("/Account/Login");
        var antiforgery = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", antiforgery, StringComparison.OrdinalIgnoreCase);

        var login = await FalseRejectFactory.LoginAsync(client, FalseRejectFactory.AdminEmail, FalseRejectFactory.AdminPassword);
        HttpAssert.RedirectsTo(login, "/");
        var session = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", session, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task APlainHttpRequest_IsRefusedWith400_NotA500()
    {
        // The shared Production factory's clients speak HTTPS; this one does not.
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost") });
        var response = await client.GetAsync("/Account/Login");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("HTTPS only", await response.Content.ReadAsStringAsync());
    }
}
