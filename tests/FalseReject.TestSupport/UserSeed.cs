using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data;

namespace FalseReject.TestSupport;

/// <summary>Accounts written straight into the store, no service and none of its rules.</summary>
public static class UserSeed
{
    /// <summary>Adds an account with no password and no role (a service under test is given its caller separately); returns its id.</summary>
    public static async Task<string> AddUserAsync(IDbContextFactory<AppDbContext> dbFactory, string email, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = new ApplicationUser { UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant() };
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        return user.Id;
    }
}
