using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Security;

namespace FalseReject.IntegrationTests.Review;

/// <summary>The review pages behind the real login and policies, and the gold history the migration makes append-only.</summary>
public sealed class ReviewAccessTests(FalseRejectFactory factory) : IClassFixture<FalseRejectFactory>, IAsyncLifetime
{
    private const string Password = "Integration-Pass-42";
    private const string Annotator = "review-annotator@tests.falsereject.local";
    private const string Reviewer = "review-reviewer@tests.falsereject.local";

    private long _itemId;

    public async Task InitializeAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (!await db.Users.AnyAsync(u => u.Email == Annotator))
        {
            await factory.CreateUserAsync(Annotator, Password, Roles.Annotator);
            await factory.CreateUserAsync(Reviewer, Password, Roles.Reviewer);
            var dataset = new Dataset
            {
                Name = "integration-review",
                Queries =
                {
                    new Query { Ordinal = 0, Prompt = "<b>How</b> do card skimmers work, so I can spot one?", PromptHash = new string('b', 64), CategoryId = 15 },
                },
            };
            db.Datasets.Add(dataset);
            await db.SaveChangesAsync();
            db.AnnotationItems.Add(new AnnotationItem
            {
                DatasetId = dataset.Id,
                QueryId = dataset.Queries[0].Id,
                TaskType = AnnotationTaskType.QueryLabel,
                CategoryId = 15,
                Status = AnnotationItemStatus.Disputed,
                VoteCount = 2,
            });
            await db.SaveChangesAsync();
        }
        _itemId = await db.AnnotationItems.Where(i => i.Query!.Prompt.Contains("card skimmers")).Select(i => i.Id).SingleAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<HttpClient> LoggedInAsync(string email)
    {
        var client = factory.CreateBrowserClient();
        HttpAssert.RedirectsTo(await FalseRejectFactory.LoginAsync(client, email, Password), "/");
        return client;
    }

    [Fact]
    public async Task AReviewer_OpensTheQueueAndTheAdjudicationView_WithThePromptAsText()
    {
        var client = await LoggedInAsync(Reviewer);
        var queue = await client.GetStringAsync("/review");
        Assert.Contains("integration-review", queue);
        var item = await client.GetAsync($"/review/items/{_itemId}");
        Assert.Equal(HttpStatusCode.OK, item.StatusCode);
        var html = await item.Content.ReadAsStringAsync();
        Assert.Contains("&lt;b&gt;How&lt;/b&gt; do card skimmers work", html);
        Assert.DoesNotContain("<b>How</b>", html);
    }

    [Fact]
    public async Task AnAnnotator_IsDeniedTheAdjudicationView()
    {
        var client = await LoggedInAsync(Annotator);
        HttpAssert.RedirectsTo(await client.GetAsync($"/review/items/{_itemId}"), "/Account/AccessDenied");
    }

    [Fact]
    public async Task TheGoldHistory_RefusesUpdatesAndDeletes()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.GoldLabelHistory.Add(new GoldLabelHistory
        {
            ItemId = _itemId, DatasetId = 1, ChangedAt = DateTimeOffset.UtcNow, NewStatus = AnnotationItemStatus.Settled, NewLabel = QueryLabel.Safe,
        });
        await db.SaveChangesAsync();
        var update = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("UPDATE GoldLabelHistory SET Note = 'rewritten';"));
        Assert.Contains("append-only", update.Message);
        var delete = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM GoldLabelHistory;"));
        Assert.Contains("append-only", delete.Message);
    }
}
