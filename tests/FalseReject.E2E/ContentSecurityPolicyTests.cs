using Microsoft.Playwright;

namespace FalseReject.E2E;

/// <summary>
/// The Content-Security-Policy lets the app itself run in a real browser (the login form, the
/// Blazor circuit, MudBlazor's scripts, the dark-mode switch) and blocks nothing it needs.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class ContentSecurityPolicyTests(AppServer server, BrowserFixture browser)
{
    [Fact]
    public async Task TheAppRunsUnderItsPolicy_WithoutAViolation()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };

        await page.LoginAsync(server.BaseUrl, AppServer.AdminEmail, AppServer.AdminPassword);
        await page.ClickAsync("[data-testid='nav-admin/users']");
        await page.WaitForURLAsync($"{server.BaseUrl}/admin/users");
        await Assertions.Expect(page.Locator("[data-testid=users-table]")).ToContainTextAsync(AppServer.AdminEmail);

        Assert.Empty(violations);

        // An inline script injected into the page is refused by the policy: it carries no nonce.
        var injected = await page.EvaluateAsync<bool>("""
            () => {
                window.__cspProbe = false;
                const s = document.createElement('script');
                s.textContent = 'window.__cspProbe = true;';
                document.body.appendChild(s);
                return window.__cspProbe;
            }
            """);
        Assert.False(injected, "An injected inline script ran.");
        Assert.Contains(violations, v => v.Contains("script-src", StringComparison.Ordinal));
    }
}
