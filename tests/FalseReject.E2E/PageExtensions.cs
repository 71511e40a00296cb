using Microsoft.Playwright;

namespace FalseReject.E2E;

internal static class PageExtensions
{
    /// <summary>Waits until the page's Blazor circuit is live, so clicks reach the server.</summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("[data-testid=circuit-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });

    public static async Task LoginAsync(this IPage page, string baseUrl, string email, string password)
    {
        await page.GotoAsync($"{baseUrl}/Account/Login");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", password);
        await page.ClickAsync("button[type=submit]:has-text('Log in')");
        // The login redirects home; that the page then loads and goes live is WaitForInteractiveAsync's check.
        await page.WaitForURLAsync($"{baseUrl}/", new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForInteractiveAsync();
    }

    public static async Task LogoutAsync(this IPage page)
    {
        await page.ClickAsync("[data-testid=logout]");
        await page.Locator("[data-testid=login-link]").WaitForAsync();
    }

    /// <summary>Saves a screenshot when FALSEREJECT_SCREENSHOTS names a folder (used for the README).</summary>
    public static async Task MaybeScreenshotAsync(this IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("FALSEREJECT_SCREENSHOTS");
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = false });
        }
    }
}
