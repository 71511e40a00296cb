using System.Data;
using System.Data.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Security;

namespace FalseReject.Web.Features.Admin;

/// <summary>
/// Lists, creates, re-roles, disables, re-enables and deletes accounts. Every call checks that its
/// caller is an Admin (deletion: the account's owner or an Admin); each opens its own scope so no
/// context outlives the operation. No change leaves the store without an active admin, and a
/// deleted account can no longer be changed.
/// </summary>
public sealed class UserAdminService(IServiceScopeFactory scopeFactory, ICurrentCaller caller, TimeProvider time)
{
    public const string LastActiveAdmin = "This is the last active admin.";
    public const string AccountDeleted = "This account was deleted.";

    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await caller.RequireAsync(Policies.Administer, cancellationToken);
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        var users = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var roleRows = await (from ur in db.UserRoles
                              join r in db.Roles on ur.RoleId equals r.Id
                              select new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        var rolesByUser = roleRows.ToLookup(x => x.UserId, x => x.Name!);
        var now = DateTimeOffset.UtcNow;

        return [.. users.Select(u => new UserSummary(
            u.Id,
            u.Email ?? u.UserName ?? u.Id,
            u.DisplayName,
            [.. rolesByUser[u.Id].OrderBy(r => Roles.All.ToList().IndexOf(r))],
            StatusOf(u, now),
            StatusOf(u, now) == UserStatus.LockedOut ? u.LockoutEnd : null,
            u.IsDemo,
            u.CreatedAt))];
    }

    public async Task<AdminResult> CreateAsync(NewUser input, CancellationToken cancellationToken = default)
    {
        await caller.RequireAsync(Policies.Administer, cancellationToken);
        var email = input.Email.Trim();
        var roles = new List<string>();
        foreach (var role in input.Roles)
        {
            if (Roles.Normalize(role) is not { } known)
            {
                return AdminResult.Fail($"'{role}' is not a role; use {string.Join(", ", Roles.All)}.");
            }
            roles.Add(known);
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return AdminResult.Fail($"A user with the e-mail {email} already exists.");
        }

        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(input.DisplayName) ? null : input.DisplayName.Trim(),
        };
        var created = await users.CreateAsync(user, input.Password);
        if (!created.Succeeded)
        {
            return FromIdentity(created);
        }
        return roles.Count == 0 ? AdminResult.Ok : FromIdentity(await users.AddToRolesAsync(user, roles.Distinct()));
    }

    public async Task<AdminResult> SetRoleAsync(string userId, string role, bool granted, CancellationToken cancellationToken = default)
    {
        var me = await caller.RequireAsync(Policies.Administer, cancellationToken);
        if (Roles.Normalize(role) is not { } known)
        {
            return AdminResult.Fail($"'{role}' is not a role.");
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return AdminResult.Fail("No such user.");
        }
        if (user.DeletedAt is not null)
        {
            return AdminResult.Fail(AccountDeleted);
        }
        if (granted == await users.IsInRoleAsync(user, known))
        {
            return AdminResult.Ok;
        }
        if (!granted && known == Roles.Admin)
        {
            if (user.UserName == me.Name)
            {
                return AdminResult.Fail("You cannot remove your own Admin role.");
            }
            if (await CountActiveAdminsAsync(users) <= 1)
            {
                return AdminResult.Fail(LastActiveAdmin);
            }
        }

        var result = granted ? await users.AddToRoleAsync(user, known) : await users.RemoveFromRoleAsync(user, known);
        if (result.Succeeded)
        {
            // Signed-in sessions pick up the new roles at their next validation.
            await users.UpdateSecurityStampAsync(user);
        }
        return FromIdentity(result);
    }

    public async Task<AdminResult> SetDisabledAsync(string userId, bool disabled, CancellationToken cancellationToken = default)
    {
        var me = await caller.RequireAsync(Policies.Administer, cancellationToken);
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return AdminResult.Fail("No such user.");
        }
        if (user.DeletedAt is not null)
        {
            return AdminResult.Fail(AccountDeleted);
        }
        if (disabled && user.UserName == me.Name)
        {
            return AdminResult.Fail("You cannot disable your own account.");
        }
        if (disabled && await users.IsInRoleAsync(user, Roles.Admin) && await CountActiveAdminsAsync(users) <= 1)
        {
            return AdminResult.Fail(LastActiveAdmin);
        }

        var result = await users.SetLockoutEnabledAsync(user, true);
        if (result.Succeeded)
        {
            result = await users.SetLockoutEndDateAsync(user, disabled ? AccountStatus.DisabledUntil : null);
        }
        if (result.Succeeded && !disabled)
        {
            result = await users.ResetAccessFailedCountAsync(user);
        }
        if (result.Succeeded)
        {
            // Ends the user's existing sessions (cookie and Blazor circuit revalidation).
            result = await users.UpdateSecurityStampAsync(user);
        }
        return FromIdentity(result);
    }

    /// <summary>Sets a new generated password (returned once, to hand to the user) and ends the user's sessions.</summary>
    public async Task<(AdminResult Result, string? Password)> ResetPasswordAsync(string userId, CancellationToken cancellationToken = default)
    {
        await caller.RequireAsync(Policies.Administer, cancellationToken);
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return (AdminResult.Fail("No such user."), null);
        }
        if (user.DeletedAt is not null)
        {
            return (AdminResult.Fail(AccountDeleted), null);
        }
        var password = DatabaseInitializer.GeneratePassword();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, password);
        return result.Succeeded ? (AdminResult.Ok, password) : (FromIdentity(result), null);
    }

    /// <summary>
    /// Deletes an account, as its owner (the Delete personal data page) or an Admin asks. The row
    /// stays as an anonymised tombstone, because the votes, vote and gold-label history (append-only)
    /// and settlements it authored must keep counting and keep an author: its e-mail, user name,
    /// display name, password, phone, security stamp, claims, external logins, passkeys,
    /// authenticator keys, roles, API tokens, reservations and annotator allow-list entries go; it
    /// is disabled and marked deleted, so it can neither sign in nor be re-enabled. Refused, with
    /// nothing changed, when it would leave no active admin.
    /// </summary>
    public async Task<AdminResult> DeleteAccountAsync(string userId, CancellationToken cancellationToken = default)
    {
        var me = await caller.GetAsync(cancellationToken)
            ?? throw new UnauthorizedAccessException("You are not signed in (or your account was disabled or removed): sign in to do this.");
        if (me.Id != userId)
        {
            me.Require(Policies.Administer);
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // Serializable: on SQLite a write-locked transaction; on PostgreSQL, of two admins deleting
        // themselves at once, one is aborted rather than both passing the last-admin check.
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return AdminResult.Fail("No such user.");
        }
        if (user.DeletedAt is not null)
        {
            return AdminResult.Fail(AccountDeleted);
        }
        var adminEnds = await db.UserRoles
            .Where(ur => db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Admin))
            .Join(db.Users, ur => ur.UserId, u => u.Id, (ur, u) => new { u.Id, u.LockoutEnd })
            .ToListAsync(cancellationToken);
        var activeAdmins = adminEnds.Where(a => !AccountStatus.IsDisabled(a.LockoutEnd)).Select(a => a.Id).ToList();
        if (activeAdmins.Contains(userId) && activeAdmins.Count <= 1)
        {
            return AdminResult.Fail("This is the last active admin: make another account an admin first, then delete this one.");
        }

        try
        {
            Anonymise(user, time.GetUtcNow());
            await db.UserRoles.Where(x => x.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.UserClaims.Where(x => x.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.UserLogins.Where(x => x.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.UserTokens.Where(x => x.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.UserPasskeys.Where(x => x.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.ApiTokens.Where(x => x.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.Set<AnnotationReservation>().Where(x => x.AnnotatorId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.Set<AnnotationAllowedAnnotator>().Where(x => x.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is DbUpdateException or DbException)
        {
            return AdminResult.Fail("The accounts changed meanwhile: nothing was deleted; try again.");
        }
        return AdminResult.Ok;
    }

    /// <summary>Turns the row into a tombstone: only its id, creation time and the deletion time remain meaningful.</summary>
    private static void Anonymise(ApplicationUser user, DateTimeOffset now)
    {
        var userName = $"deleted-{user.Id}";
        user.UserName = userName;
        user.NormalizedUserName = userName.ToUpperInvariant();
        user.Email = null;
        user.NormalizedEmail = null;
        user.EmailConfirmed = false;
        // Distinct per account, so agreement tables and review pages still tell deleted annotators apart.
        user.DisplayName = $"Deleted account {user.Id[..Math.Min(8, user.Id.Length)]}";
        user.PasswordHash = null;
        user.PhoneNumber = null;
        user.PhoneNumberConfirmed = false;
        user.TwoFactorEnabled = false;
        // A new stamp ends every session the account still has (cookie and circuit revalidation).
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        user.LockoutEnabled = true;
        user.LockoutEnd = AccountStatus.DisabledUntil;
        user.AccessFailedCount = 0;
        user.DeletedAt = now;
    }

    internal static UserStatus StatusOf(ApplicationUser user, DateTimeOffset now) =>
        user.DeletedAt is not null ? UserStatus.Deleted
        : AccountStatus.IsDisabled(user.LockoutEnd) ? UserStatus.Disabled
        : user.LockoutEnd > now ? UserStatus.LockedOut
        : UserStatus.Active;

    private static async Task<int> CountActiveAdminsAsync(UserManager<ApplicationUser> users)
    {
        var now = DateTimeOffset.UtcNow;
        return (await users.GetUsersInRoleAsync(Roles.Admin)).Count(u => StatusOf(u, now) != UserStatus.Disabled);
    }

    private static AdminResult FromIdentity(IdentityResult result) =>
        result.Succeeded ? AdminResult.Ok : new AdminResult(false, [.. result.Errors.Select(e => e.Description)]);
}
