using FalseReject.Web.Components.Layout;
using FalseReject.Web.Security;

namespace FalseReject.Web.Tests.Layout;

public sealed class NavMenuTests : MudBunitContext
{
    private string[] VisibleAreas()
    {
        var cut = Render<NavMenu>();
        return [.. cut.FindAll("a.mud-nav-link").Select(a => a.TextContent.Trim())];
    }

    [Fact]
    public void ShowsOnlyHome_When_Anonymous()
    {
        SignIn(null);
        Assert.Equal(["Home"], VisibleAreas());
    }

    [Fact]
    public void ShowsOnlyHome_When_SignedInWithoutRoles()
    {
        SignIn("nobody@example.org");
        Assert.Equal(["Home"], VisibleAreas());
    }

    [Fact]
    public void ShowsAnnotate_When_Annotator()
    {
        SignIn("ann@example.org", Roles.Annotator);
        Assert.Equal(["Home", "Annotate"], VisibleAreas());
    }

    [Fact]
    public void ShowsReviewAndResearchAreas_When_Reviewer()
    {
        SignIn("rev@example.org", Roles.Reviewer);
        Assert.Equal(["Home", "Datasets", "Review", "Agreement", "Leaderboard", "Runs"], VisibleAreas());
    }

    [Fact]
    public void ShowsAdminButNotAnnotate_When_Admin()
    {
        SignIn("admin@example.org", Roles.Admin);
        Assert.Equal(["Home", "Datasets", "Review", "Agreement", "Leaderboard", "Runs", "Admin", "Annotation setup", "Model endpoints"], VisibleAreas());
    }

    [Fact]
    public void ShowsEveryArea_When_UserHoldsAllRoles()
    {
        SignIn("all@example.org", Roles.Admin, Roles.Reviewer, Roles.Annotator);
        Assert.Equal(["Home", "Datasets", "Annotate", "Review", "Agreement", "Leaderboard", "Runs", "Admin", "Annotation setup", "Model endpoints"], VisibleAreas());
    }

    [Fact]
    public void LinksPointAtEachAreasRoute()
    {
        SignIn("all@example.org", Roles.Admin, Roles.Annotator);
        var cut = Render<NavMenu>();
        var hrefs = cut.FindAll("a.mud-nav-link").Select(a => a.GetAttribute("href")).ToArray();
        Assert.Contains("admin/users", hrefs);
        Assert.Contains("annotate", hrefs);
        Assert.Contains("admin/annotation", hrefs);
    }
}
