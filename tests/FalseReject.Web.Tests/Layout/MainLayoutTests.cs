using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using FalseReject.Web.Components.Layout;
using FalseReject.Web.Security;

namespace FalseReject.Web.Tests.Layout;

public sealed class MainLayoutTests : MudBunitContext
{
    [Fact]
    public void ThemeToggle_SwitchesBetweenDarkAndLightAndRemembersTheChoice()
    {
        SignIn("ann@example.org", Roles.Annotator);
        var setItem = JSInterop.SetupVoid("localStorage.setItem", _ => true);
        var cut = Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));

        var toggle = cut.Find("[data-testid=theme-toggle]");
        Assert.Equal("Toggle dark mode", toggle.GetAttribute("aria-label"));
        Assert.DoesNotContain("mud-theme-dark", cut.Markup);

        toggle.Click();
        Assert.Equal("true", setItem.Invocations.Last().Arguments[1]);

        cut.Find("[data-testid=theme-toggle]").Click();
        Assert.Equal("false", setItem.Invocations.Last().Arguments[1]);
        Assert.Contains("page body", cut.Markup);
    }

    [Fact]
    public void UserMenu_ShowsNameWithoutDemoMarker_ForRealAccounts()
    {
        SignIn("ann@example.org", Roles.Annotator);
        var cut = Render<UserMenu>();
        Assert.Empty(cut.FindAll("[data-testid=demo-chip]"));
        Assert.Contains("ann@example.org", cut.Find("[data-testid=user-name]").TextContent);
        Assert.NotNull(cut.Find("[data-testid=logout]"));
    }

    [Fact]
    public void UserMenu_MarksDemoAccounts()
    {
        SignIn("annotator1@demo.falsereject.local", [Roles.Annotator], [new Claim(DemoClaims.IsDemo, "true")]);
        var cut = Render<UserMenu>();
        Assert.Equal("Demo account", cut.Find("[data-testid=demo-chip]").TextContent.Trim());
    }

    [Fact]
    public void UserMenu_OffersLogin_When_Anonymous()
    {
        SignIn(null);
        var cut = Render<UserMenu>();
        Assert.NotNull(cut.Find("[data-testid=login-link]"));
        Assert.Empty(cut.FindAll("[data-testid=logout]"));
    }
}
