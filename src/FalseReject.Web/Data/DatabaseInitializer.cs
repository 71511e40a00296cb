using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Security;

namespace FalseReject.Web.Data;

/// <summary>
/// The one place the schema is created and seeded: applies the migrations, then idempotently
/// adds the roles, the bootstrap admin and (in demo mode) the demo accounts. Run at every start
/// of the web app and of the CLI.
/// </summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<AppDbContext> dbFactory,
    UserManager<ApplicationUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IConfiguration configuration,
    DemoSeed demoSeed,
    IEnumerable<IDemoSeeder> demoSeeders, IEnumerable<IStoreSeeder> storeSeeders,
    ILogger<DatabaseInitializer> logger)
{
    public const string DefaultAdminEmail = "admin@falsereject.local";

    /// <summary>Where a generated bootstrap password is printed; the console by default.</summary>
    public TextWriter Console { get; set; } = System.Console.Out;

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (db.Database.IsSqlite())
            {
                DataServiceExtensions.CreateSqliteFolder(db.Database.GetConnectionString()!);
                // WAL lets readers work while an import or a vote is being written.
                await db.Database.OpenConnectionAsync(cancellationToken);
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
            await db.Database.MigrateAsync(cancellationToken);
            foreach (var seeder in storeSeeders)
            {
                await seeder.EnsureAsync(db, cancellationToken);
            }
        }

        foreach (var role in Roles.All)
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                Check(await roleManager.CreateAsync(new IdentityRole(role)), $"create role {role}");
            }
        }

        await EnsureBootstrapAdminAsync();

        if (demoSeed.Enabled)
        {
            await EnsureDemoUsersAsync();
            foreach (var seeder in demoSeeders.OrderBy(s => s.Order))
            {
                await seeder.EnsureAsync(cancellationToken);
            }
        }
    }

    private async Task EnsureBootstrapAdminAsync()
    {
        var configuredEmail = configuration["Admin:Email"];
        var configuredPassword = configuration["Admin:Password"];
        var email = string.IsNullOrWhiteSpace(configuredEmail) ? DefaultAdminEmail : configuredEmail.Trim();

        var existing = await userManager.FindByEmailAsync(email);
        if (existing is not null)
        {
            if (!await userManager.IsInRoleAsync(existing, Roles.Admin) && !string.IsNullOrWhiteSpace(configuredEmail))
            {
                Check(await userManager.AddToRoleAsync(existing, Roles.Admin), $"make {email} an admin");
                logger.LogInformation("Bootstrap admin {Email} added to the Admin role.", email);
            }
            return;
        }

        // Only the very first start creates a bootstrap admin: once any admin exists, nothing happens.
        if ((await userManager.GetUsersInRoleAsync(Roles.Admin)).Any(u => !u.IsDemo))
        {
            return;
        }

        var generated = string.IsNullOrEmpty(configuredPassword);
        var password = generated ? GeneratePassword() : configuredPassword!;
        var admin = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Administrator" };
        Check(await userManager.CreateAsync(admin, password), $"create the bootstrap admin {email}");
        Check(await userManager.AddToRoleAsync(admin, Roles.Admin), $"make {email} an admin");

        if (generated)
        {
            Console.WriteLine();
            Console.WriteLine("================================================================");
            Console.WriteLine(" FalseReject created the bootstrap administrator account:");
            Console.WriteLine($"   e-mail:   {email}");
            Console.WriteLine($"   password: {password}");
            Console.WriteLine(" This password is shown only once. Log in and change it.");
            Console.WriteLine("================================================================");
            Console.WriteLine();
        }
        logger.LogInformation("Created the bootstrap admin {Email}.", email);
    }

    private async Task EnsureDemoUsersAsync()
    {
        foreach (var demo in demoSeed.Users)
        {
            var user = await userManager.FindByEmailAsync(demo.Email);
            if (user is null)
            {
                user = new ApplicationUser
                {
                    UserName = demo.Email,
                    Email = demo.Email,
                    EmailConfirmed = true,
                    DisplayName = demo.DisplayName,
                    IsDemo = true,
                };
                Check(await userManager.CreateAsync(user, demo.Password), $"create demo user {demo.Email}");
                foreach (var role in demo.Roles)
                {
                    Check(await userManager.AddToRoleAsync(user, role), $"give demo user {demo.Email} the role {role}");
                }
                logger.LogInformation("Created demo user {Email}.", demo.Email);
            }
        }
    }

    /// <summary>A 24-character password from a cryptographic source, with every character class.</summary>
    public static string GeneratePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        const string lower = "abcdefghijkmnopqrstuvwxyz";
        const string digits = "23456789";
        const string symbols = "!#$%*+-=?@^_";
        const string all = upper + lower + digits + symbols;
        var chars = new char[24];
        chars[0] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[1] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        chars[3] = symbols[RandomNumberGenerator.GetInt32(symbols.Length)];
        for (var i = 4; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
