using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Security;

namespace FalseReject.IntegrationTests.Annotation;

/// <summary>The annotation pages behind the real login and policies, and the schema the migration makes.</summary>
public sealed class AnnotationAccessTests(FalseRejectFactory factory) : IClassFixture<FalseRejectFactory>, IAsyncLifetime
{
    private const string Password = "Integration-Pass-42";
    private const string Annotator = "annotation-annotator@tests.falsereject.local";
    private const string Reviewer = "annotation-reviewer@tests.falsereject.local";

    public async Task InitializeAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (!await db.Users.AnyAsync(u => u.Email == Annotator))
        {
            await factory.CreateUserAsync(Annotator, Password, Roles.Annotator);
            await factory.CreateUserAsync(Reviewer, Password, Roles.Reviewer);
            db.Datasets.Add(new Dataset
            {
                Name = "integration-annotation",
                Queries =
                {
                    new Query { Ordinal = 0, Prompt = "<b>How</b> do pickpockets operate in crowds?", PromptHash = new string('a', 64), CategoryId = 10 },
                },
            });
            await db.SaveChangesAsync();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<HttpClient> LoggedInAsync(string email)
    {
        var client = factory.CreateBrowserClient();
        HttpAssert.RedirectsTo(await FalseRejectFactory.LoginAsync(client, email, Password), "/");
        return client;
    }

    [Theory]
    [InlineData("/annotate")]
    [InlineData("/annotate/history")]
    public async Task AnAnnotator_OpensTheAnnotationPages(string route)
    {
        var client = await LoggedInAsync(Annotator);
        var response = await client.GetAsync(route);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TheDatasetList_ShowsTheDatasetToAnAnnotator()
    {
        var client = await LoggedInAsync(Annotator);
        var html = await client.GetStringAsync("/annotate");
        Assert.Contains("integration-annotation", html);
    }

    [Theory]
    [InlineData("/annotate")]
    [InlineData("/annotate/history")]
    [InlineData("/admin/annotation")]
    public async Task AReviewer_IsDeniedTheAnnotatorAndAdminPages(string route)
    {
        var client = await LoggedInAsync(Reviewer);
        HttpAssert.RedirectsTo(await client.GetAsync(route), "/Account/AccessDenied");
    }

    [Fact]
    public async Task AnAnnotator_IsDeniedTheSettingsPage_AndTheAdminOpensIt()
    {
        var annotator = await LoggedInAsync(Annotator);
        HttpAssert.RedirectsTo(await annotator.GetAsync("/admin/annotation"), "/Account/AccessDenied");

        var admin = factory.CreateBrowserClient();
        await FalseRejectFactory.LoginAsync(admin, FalseRejectFactory.AdminEmail, FalseRejectFactory.AdminPassword);
        var response = await admin.GetAsync("/admin/annotation");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Annotation settings", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheMigration_MakesTheVoteHistoryAppendOnly()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var triggers = await db.Database
            .SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'AnnotationVoteHistory'")
            .ToListAsync();
        Assert.Equal(["TR_AnnotationVoteHistory_NoDelete", "TR_AnnotationVoteHistory_NoUpdate"], triggers.Order());
        Assert.Contains(await db.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_AddAnnotation", StringComparison.Ordinal));
    }
}
