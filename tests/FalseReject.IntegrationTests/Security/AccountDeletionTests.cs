using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using FalseReject.IntegrationTests.Api;
using FalseReject.IntegrationTests.Annotation;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Security;

namespace FalseReject.IntegrationTests.Security;

/// <summary>On the default store, SQLite.</summary>
public sealed class AccountDeletionTests(FalseRejectFactory factory) : AccountDeletionTestsBase<FalseRejectFactory>(factory), IClassFixture<FalseRejectFactory>;

/// <summary>The same on a real PostgreSQL server.</summary>
public sealed class PostgresAccountDeletionTests(PostgresFactory factory) : AccountDeletionTestsBase<PostgresFactory>(factory), IClassFixture<PostgresFactory>;

/// <summary>
/// The Identity "Delete personal data" page through the real app: an annotator who has voted can
/// delete their account (no 500; the votes stay, the person's e-mail and name go, they cannot sign
/// in again), and the last active admin is refused with a message and keeps the account.
/// </summary>
public abstract class AccountDeletionTestsBase<TFactory>(TFactory factory)
    where TFactory : FalseRejectFactory
{
    private const string Page = "/Account/Manage/DeletePersonalData";

    private static int _address;

    private HttpClient NewBrowser() => factory.CreateBrowserClient($"192.0.2.{100 + Interlocked.Increment(ref _address)}");

    private async Task<HttpClient> SignedInAsync(string email, string password)
    {
        var browser = NewBrowser();
        HttpAssert.RedirectsHome(await FalseRejectFactory.LoginAsync(browser, email, password));
        return browser;
    }

    private static async Task<HttpResponseMessage> DeleteAccountAsync(HttpClient browser, string password)
    {
        var page = await browser.GetStringAsync(Page);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = ApiTestSupport.AntiforgeryToken(page),
            ["_handler"] = "delete-user",
            ["Input.Password"] = password,
        });
        return await browser.PostAsync(Page, form);
    }

    private static async Task<ApplicationUser?> UserByEmailAsync(AppDbContext db, string email) =>
        await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == email.ToUpperInvariant());

    private async Task<AppDbContext> DbAsync() =>
        await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

    [Fact]
    public async Task AnAnnotatorWhoVoted_DeletesTheirAccount_TheVotesStay_AndTheyCannotSignInAgain()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var voter = $"deleting-voter-{suffix}@tests.falsereject.local";
        var colleague = $"deleting-colleague-{suffix}@tests.falsereject.local";
        await factory.EnsureUserAsync(voter, Roles.Annotator);
        await factory.EnsureUserAsync(colleague, Roles.Annotator);
        var dataset = await factory.EnsureDatasetAsync($"account-deletion-{suffix}", 2, votesPerItem: 2);
        var voterToken = (await factory.CreateTokenAsync(voter)).Plaintext;
        long itemId = 0;
        foreach (var token in new[] { voterToken, (await factory.CreateTokenAsync(colleague)).Plaintext })
        {
            var api = factory.CreateApiClient(token);
            var next = await api.PostAsync($"/api/annotation/datasets/{dataset}/next?task=QueryLabel", null);
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
            itemId = (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("itemId").GetInt64();
            var vote = await api.PostAsJsonAsync($"/api/annotation/items/{itemId}/vote", new { label = "Unsafe", activeMilliseconds = 1500 });
            Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
        }
        string voterId;
        await using (var db = await DbAsync())
        {
            voterId = (await UserByEmailAsync(db, voter))!.Id;
            var settled = await db.AnnotationItems.AsNoTracking().SingleAsync(i => i.Id == itemId);
            Assert.Equal((AnnotationItemStatus.Settled, QueryLabel.Unsafe), (settled.Status, settled.GoldLabel));
        }
        var browser = await SignedInAsync(voter, ApiTestSupport.Password);

        var response = await DeleteAccountAsync(browser, ApiTestSupport.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using (var db = await DbAsync())
        {
            var item = await db.AnnotationItems.AsNoTracking().Include(i => i.Votes).SingleAsync(i => i.Id == itemId);
            Assert.Equal((AnnotationItemStatus.Settled, QueryLabel.Unsafe, 2), (item.Status, item.GoldLabel, item.VoteCount));
            Assert.Contains(item.Votes, v => v.AnnotatorId == voterId && v.Label == QueryLabel.Unsafe);
            Assert.Equal(2, await db.AnnotationVoteHistory.CountAsync(h => h.ItemId == itemId));

            Assert.Null(await UserByEmailAsync(db, voter));
            Assert.False(await db.Users.AnyAsync(u => u.UserName == voter || u.NormalizedUserName == voter.ToUpperInvariant()
                || u.Email == voter || (u.DisplayName != null && u.DisplayName.Contains("deleting-voter"))));
            var tombstone = await db.Users.AsNoTracking().SingleAsync(u => u.Id == voterId);
            Assert.NotNull(tombstone.DeletedAt);
            Assert.Null(tombstone.PasswordHash);
        }

        var again = await FalseRejectFactory.LoginAsync(NewBrowser(), voter, ApiTestSupport.Password);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        HttpAssert.SetsNoSignInCookie(again);
        Assert.Contains("Invalid login attempt", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        HttpAssert.RedirectsTo(await browser.GetAsync("/annotate"), "/Account/Login");
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateApiClient(voterToken).GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task TheLastActiveAdmin_IsRefusedWithAMessage_AndKeepsTheAccount_UntilAnotherActiveAdminExists()
    {
        var admin = await SignedInAsync(FalseRejectFactory.AdminEmail, FalseRejectFactory.AdminPassword);

        var refused = await DeleteAccountAsync(admin, FalseRejectFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("last active admin", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using (var db = await DbAsync())
        {
            var kept = await UserByEmailAsync(db, FalseRejectFactory.AdminEmail);
            Assert.NotNull(kept);
            Assert.Null(kept.DeletedAt);
        }
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/users")).StatusCode);
        await SignedInAsync(FalseRejectFactory.AdminEmail, FalseRejectFactory.AdminPassword);

        var second = $"second-admin-{Guid.NewGuid():N}@tests.falsereject.local";
        await factory.EnsureUserAsync(second, Roles.Admin);
        var deleted = await DeleteAccountAsync(admin, FalseRejectFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        await using (var db = await DbAsync())
        {
            Assert.Null(await UserByEmailAsync(db, FalseRejectFactory.AdminEmail));
        }
        var secondAdmin = await SignedInAsync(second, ApiTestSupport.Password);
        Assert.Equal(HttpStatusCode.OK, (await secondAdmin.GetAsync("/admin/users")).StatusCode);
    }
}
