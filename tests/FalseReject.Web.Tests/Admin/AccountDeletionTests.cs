using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Admin;
using FalseReject.Web.Features.Agreement;
using FalseReject.Web.Features.Annotation;
using FalseReject.Web.Security;
using FalseReject.Web.Security.ApiTokens;
using FalseReject.Web.Tests.AgreementFeature;
using FalseReject.Web.Tests.Annotation;
using static FalseReject.Web.Tests.Annotation.AnnotationTestBed;

namespace FalseReject.Web.Tests.Admin;

/// <summary>
/// Deleting an account (<see cref="UserAdminService.DeleteAccountAsync"/>, behind the Delete personal
/// data page): the row becomes an anonymised tombstone, so the person's votes keep counting, and the
/// last active admin is never deleted.
/// </summary>
public sealed class AccountDeletionTests
{
    private const string RootEmail = "root@example.org";

    private static Task<ServiceTestHost> StartWithRootAsync() => ServiceTestHost.StartAsync(new Dictionary<string, string?>
    {
        ["Admin:Email"] = RootEmail,
        ["Admin:Password"] = "Root-Password-123",
    });

    private static UserAdminService ServiceAs(ServiceTestHost host, Caller caller) => TestCaller.ServiceAs<UserAdminService>(host.Services, caller);

    private static async Task<ApplicationUser?> RowAsync(ServiceTestHost host, string id)
    {
        await using var db = await host.CreateDbContextAsync();
        return await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id);
    }

    private static async Task<string> IdOfAsync(ServiceTestHost host, string email)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.Id;
    }

    [Fact]
    public async Task AnAnnotatorWhoVoted_DeletesTheirAccount_AndTheirVotesSettlementsAndHistoryStay_WhileTheirPersonalDataGoes()
    {
        await using var bed = await StartAsync();
        var dataset = await bed.AddDatasetAsync(3);
        var a = await bed.AddAnnotatorAsync("alice");
        var b = await bed.AddAnnotatorAsync("bob");
        var first = (await a.Service.NextAsync(dataset, AnnotationTaskType.QueryLabel, null))!.ItemId;
        await b.Service.NextAsync(dataset, AnnotationTaskType.QueryLabel, null);
        Assert.True((await a.Service.SubmitAsync(first, Safe())).Succeeded);
        Assert.True((await b.Service.SubmitAsync(first, Safe("agree"))).Succeeded);
        var second = (await a.Service.NextAsync(dataset, AnnotationTaskType.QueryLabel, null))!.ItemId;
        Assert.True((await a.Service.SubmitAsync(second, Safe())).Succeeded);
        Assert.Equal(SubmitStatus.Updated, (await a.Service.SubmitAsync(second, Unsafe("changed my mind"))).Status);
        await a.Service.NextAsync(dataset, AnnotationTaskType.QueryLabel, null); // holds a reservation on a third item
        await TestCaller.ServiceAs<ApiTokenService>(bed.Host.Services, TestCaller.Named("operator", Roles.Admin)).CreateAsync(a.Id, "alice's laptop");
        await using (var db = await bed.DbFactory.CreateDbContextAsync())
        {
            db.Users.Single(u => u.Id == a.Id).DisplayName = "Alice Example";
            await db.SaveChangesAsync();
        }
        var before = await bed.ItemsAsync(dataset);
        Assert.Equal(AnnotationItemStatus.Settled, before.Single(i => i.Id == first).Status);
        var historyBefore = await HistoryAsync(bed);

        var result = await ServiceAs(bed.Host, new Caller(a.Id, "alice@tests.falsereject.local", [Roles.Annotator])).DeleteAccountAsync(a.Id);

        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        var after = await bed.ItemsAsync(dataset);
        Assert.Equal(
            before.Select(i => (i.Id, i.Status, i.GoldLabel, i.VoteCount, Voters: string.Join(",", i.Votes.Select(v => v.AnnotatorId).Order()))),
            after.Select(i => (i.Id, i.Status, i.GoldLabel, i.VoteCount, Voters: string.Join(",", i.Votes.Select(v => v.AnnotatorId).Order()))));
        Assert.Equal(QueryLabel.Safe, after.Single(i => i.Id == first).GoldLabel);
        Assert.Contains(after.Single(i => i.Id == second).Votes, v => v.AnnotatorId == a.Id && v.Label == QueryLabel.Unsafe);
        Assert.Equal(historyBefore, await HistoryAsync(bed));

        var row = await RowAsync(bed.Host, a.Id);
        Assert.NotNull(row);
        Assert.Null(row.Email);
        Assert.Null(row.NormalizedEmail);
        Assert.DoesNotContain("alice", row.UserName!, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("Deleted account ", row.DisplayName);
        Assert.Null(row.PasswordHash);
        Assert.NotNull(row.DeletedAt);
        Assert.True(AccountStatus.IsDisabled(row.LockoutEnd));
        await using (var db = await bed.DbFactory.CreateDbContextAsync())
        {
            Assert.False(await db.Users.AnyAsync(u => u.Email!.Contains("alice") || u.UserName!.Contains("alice") || u.DisplayName!.Contains("Alice")));
            Assert.False(await db.ApiTokens.AnyAsync(t => t.UserId == a.Id));
            Assert.False(await db.Set<AnnotationReservation>().AnyAsync(r => r.AnnotatorId == a.Id));
            Assert.False(await db.UserRoles.AnyAsync(r => r.UserId == a.Id));
        }
    }

    private static async Task<List<(long Id, string AnnotatorId, string NewValueJson)>> HistoryAsync(AnnotationTestBed bed)
    {
        await using var db = await bed.DbFactory.CreateDbContextAsync();
        var rows = await db.AnnotationVoteHistory.AsNoTracking().OrderBy(h => h.Id).ToListAsync();
        Assert.NotEmpty(rows);
        return [.. rows.Select(h => (h.Id, h.AnnotatorId, h.NewValueJson))];
    }

    [Fact]
    public async Task DeletingAnAnnotator_LeavesTheAgreementFiguresAsTheyWere_UnderAnAnonymousName()
    {
        await using var host = await ServiceTestHost.StartAsync();
        var (_, users, _) = await AgreementSeed.AddAsync(host, "deletion-agreement",
            new Dictionary<string, string> { ["a"] = "Ann", ["b"] = "Ben", ["c"] = "Cat" }, AgreementServiceTests.HandWorked);
        host.SignInAs("reviewer@tests.falsereject.local", Roles.Reviewer);
        var agreement = host.GetRequiredService<AgreementService>();
        var before = (await agreement.GetAsync("deletion-agreement")).Labels!;

        var result = await ServiceAs(host, new Caller(users["c"], "cat", [Roles.Annotator])).DeleteAccountAsync(users["c"]);

        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        var after = (await agreement.GetAsync("deletion-agreement")).Labels!;
        Assert.Equal((18, 8, 3), (after.Votes, after.Items, after.Annotators.Count));
        Assert.Equal(before.FleissKappa.Kappa.Value, after.FleissKappa.Kappa.Value);
        Assert.Equal(35.0 / 99, after.FleissKappa.Kappa.Value!.Value, 9);
        Assert.Equal(before.Alpha.Alpha.Value, after.Alpha.Alpha.Value);
        Assert.Equal(before.Pairs.Select(p => p.Kappa.Kappa.Value), after.Pairs.Select(p => p.Kappa.Kappa.Value));
        var cat = after.Annotators.Single(x => x.Id == users["c"]);
        Assert.StartsWith("Deleted account ", cat.Name);
        Assert.DoesNotContain(after.Annotators, x => x.Name == "Cat");
    }

    [Fact]
    public async Task TheLastActiveAdmin_CannotDeleteTheirAccount_AndNothingChanges()
    {
        await using var host = await StartWithRootAsync();
        var rootId = await IdOfAsync(host, RootEmail);
        var before = await RowAsync(host, rootId);

        var result = await ServiceAs(host, new Caller(rootId, RootEmail, [Roles.Admin])).DeleteAccountAsync(rootId);

        Assert.False(result.Succeeded);
        Assert.Contains("last active admin", result.Errors.Single());
        var after = await RowAsync(host, rootId);
        Assert.NotNull(after);
        Assert.Equal((before!.Email, before.UserName, before.PasswordHash, before.SecurityStamp), (after.Email, after.UserName, after.PasswordHash, after.SecurityStamp));
        Assert.Null(after.DeletedAt);
        host.SignInAs(RootEmail, Roles.Admin);
        var listed = (await host.GetRequiredService<UserAdminService>().ListAsync()).Single(u => u.Id == rootId);
        Assert.Equal((RootEmail, UserStatus.Active), (listed.Email, listed.Status));
        Assert.Contains(Roles.Admin, listed.Roles);
    }

    [Fact]
    public async Task ADisabledAdmin_DoesNotCountAsAnotherActiveAdmin()
    {
        await using var host = await StartWithRootAsync();
        host.SignInAs(RootEmail, Roles.Admin);
        var admin = host.GetRequiredService<UserAdminService>();
        Assert.True((await admin.CreateAsync(new NewUser("second@example.org", "Second-Admin-1", null, [Roles.Admin]))).Succeeded);
        Assert.True((await admin.SetDisabledAsync(await IdOfAsync(host, "second@example.org"), true)).Succeeded);
        var rootId = await IdOfAsync(host, RootEmail);

        var result = await ServiceAs(host, new Caller(rootId, RootEmail, [Roles.Admin])).DeleteAccountAsync(rootId);

        Assert.False(result.Succeeded);
        Assert.Contains("last active admin", result.Errors.Single());
        Assert.Null((await RowAsync(host, rootId))!.DeletedAt);
    }

    [Fact]
    public async Task AnAdmin_MayDeleteTheirAccount_WhenAnotherActiveAdminExists()
    {
        await using var host = await StartWithRootAsync();
        host.SignInAs(RootEmail, Roles.Admin);
        Assert.True((await host.GetRequiredService<UserAdminService>().CreateAsync(new NewUser("second@example.org", "Second-Admin-1", null, [Roles.Admin]))).Succeeded);
        var rootId = await IdOfAsync(host, RootEmail);

        var result = await ServiceAs(host, new Caller(rootId, RootEmail, [Roles.Admin])).DeleteAccountAsync(rootId);

        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        host.SignInAs("second@example.org", Roles.Admin);
        var list = await host.GetRequiredService<UserAdminService>().ListAsync();
        Assert.DoesNotContain(list, u => u.Email == RootEmail);
        var tombstone = list.Single(u => u.Id == rootId);
        Assert.Equal(UserStatus.Deleted, tombstone.Status);
        Assert.Empty(tombstone.Roles);
        Assert.Equal([Roles.Admin], list.Single(u => u.Email == "second@example.org").Roles);
    }

    [Fact]
    public async Task ADeletedAccount_CannotBeReenabled_ReRoled_GivenAPassword_OrDeletedAgain()
    {
        await using var host = await StartWithRootAsync();
        host.SignInAs(RootEmail, Roles.Admin);
        var admin = host.GetRequiredService<UserAdminService>();
        Assert.True((await admin.CreateAsync(new NewUser("ann@example.org", "Ann-Password-1", null, [Roles.Annotator]))).Succeeded);
        var id = await IdOfAsync(host, "ann@example.org");
        Assert.True((await admin.DeleteAccountAsync(id)).Succeeded); // an Admin may delete another account

        Assert.Equal([UserAdminService.AccountDeleted], (await admin.SetDisabledAsync(id, false)).Errors);
        Assert.Equal([UserAdminService.AccountDeleted], (await admin.SetRoleAsync(id, Roles.Reviewer, true)).Errors);
        Assert.Equal([UserAdminService.AccountDeleted], (await admin.ResetPasswordAsync(id)).Result.Errors);
        Assert.Equal([UserAdminService.AccountDeleted], (await admin.DeleteAccountAsync(id)).Errors);
        var row = await RowAsync(host, id);
        Assert.True(AccountStatus.IsDisabled(row!.LockoutEnd));
        Assert.Null(row.PasswordHash);
    }

    [Fact]
    public async Task OnlyTheOwnerOrAnAdmin_MayDeleteAnAccount()
    {
        await using var host = await StartWithRootAsync();
        host.SignInAs(RootEmail, Roles.Admin);
        Assert.True((await host.GetRequiredService<UserAdminService>().CreateAsync(new NewUser("ann@example.org", "Ann-Password-1", null, [Roles.Annotator]))).Succeeded);
        var id = await IdOfAsync(host, "ann@example.org");

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            ServiceAs(host, new Caller("someone-else", "someone@example.org", [Roles.Annotator, Roles.Reviewer])).DeleteAccountAsync(id));
        host.SignOut();
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => host.GetRequiredService<UserAdminService>().DeleteAccountAsync(id));
        Assert.Null((await RowAsync(host, id))!.DeletedAt);
    }
}
