using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data;
using FalseReject.Web.Security;

namespace FalseReject.Web.Features.Admin;

/// <summary>
/// Lists, creates, re-roles, disables and re-enables accounts. Every call checks that its caller
/// is an Admin; each opens its own scope so no context outlives the operation.
/// </summary>
public sealed class UserAdminService(IServiceScopeFactory scopeFactory, ICurrentCaller caller)
{
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
                return AdminResult.Fail("This is the last active admin.");
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
        if (disabled && user.UserName == me.Name)
        {
            return AdminResult.Fail("You cannot disable your own account.");
        }
        if (disabled && await users.IsInRoleAsync(user, Roles.Admin) && await CountActiveAdminsAsync(users) <= 1)
        {
            return AdminResult.Fail("This is the last active admin.");
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
        var password = DatabaseInitializer.GeneratePassword();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, password);
        return result.Succeeded ? (AdminResult.Ok, password) : (FromIdentity(result), null);
    }

    internal static UserStatus StatusOf(ApplicationUser user, DateTimeOffset now) =>
        AccountStatus.IsDisabled(user.LockoutEnd) ? UserStatus.Disabled
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
