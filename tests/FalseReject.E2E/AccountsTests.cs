using Microsoft.Playwright;

namespace FalseReject.E2E;

[Collection(E2ECollection.Name)]
public sealed class AccountsTests(AppServer server, BrowserFixture browser)
{
    [Fact]
    public async Task Admin_CreatesAnAnnotator_WhoCanLogInAndSeesOnlyTheirAreas()
    {
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();

        // The bootstrap admin logs in and opens the Admin area.
        await page.LoginAsync(server.BaseUrl, AppServer.AdminEmail, AppServer.AdminPassword);
        Assert.Contains(AppServer.AdminEmail, await page.InnerTextAsync("[data-testid=user-name]"));
        await page.MaybeScreenshotAsync("home-admin");
        await page.ClickAsync("[data-testid='nav-admin/users']");
        await page.WaitForURLAsync($"{server.BaseUrl}/admin/users");
        await Assertions.Expect(page.Locator("[data-testid=users-table]")).ToContainTextAsync(AppServer.AdminEmail);
        await page.MaybeScreenshotAsync("admin-users");

        // ...creates an annotator through the dialog...
        var email = $"annotator-{Guid.NewGuid():N}@e2e.falsereject.local";
        const string password = "Annotator-E2e-Pass-1";
        await page.ClickAsync("[data-testid=create-user]");
        var dialog = page.Locator(".mud-dialog");
        await dialog.WaitForAsync();
        await dialog.GetByLabel("E-mail").FillAsync(email);
        await dialog.GetByLabel("Initial password").FillAsync(password);
        await dialog.Locator("[data-testid=new-submit]").ClickAsync();
        var row = page.Locator("tr", new() { HasText = email });
        await row.WaitForAsync();
        Assert.Contains("active", await row.InnerTextAsync());
        await page.LogoutAsync();

        // ...who logs in and sees Annotate but not Admin or Review.
        await page.LoginAsync(server.BaseUrl, email, password);
        Assert.Contains(email, await page.InnerTextAsync("[data-testid=user-name]"));
        var nav = await page.InnerTextAsync("[data-testid=nav-menu]");
        Assert.Contains("Annotate", nav);
        Assert.DoesNotContain("Admin", nav);
        Assert.DoesNotContain("Review", nav);

        // A direct visit to the Admin area is denied.
        await page.GotoAsync($"{server.BaseUrl}/admin/users");
        await page.WaitForURLAsync(url => url.Contains("/Account/AccessDenied", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WrongPassword_IsRejected()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{server.BaseUrl}/Account/Login");
        await page.FillAsync("#Input\\.Email", AppServer.AdminEmail);
        await page.FillAsync("#Input\\.Password", "Not-The-Password-1");
        await page.ClickAsync("button[type=submit]:has-text('Log in')");
        await Assertions.Expect(page.Locator("text=Invalid login attempt")).ToBeVisibleAsync();
    }
}
