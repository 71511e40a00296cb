using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using FalseReject.Web.Data;
using FalseReject.Web.Security;

namespace FalseReject.Web.Tests.Data;

public sealed class DatabaseInitializerTests
{
    [Fact]
    public async Task SeedsAll46Categories_AndTheThreeRoles()
    {
        await using var host = await ServiceTestHost.StartAsync();
        await using var db = await host.CreateDbContextAsync();

        var categories = await db.Categories.OrderBy(c => c.Id).ToListAsync();
        Assert.Equal(46, categories.Count);
        Assert.Equal("Personal Insulting Words", categories[0].Name);
        Assert.Equal("Self-Harm", categories[5].Name);
        Assert.Equal("Dangerous Machinery Operation Advice", categories[44].Name);
        Assert.Equal("Others", categories[45].Name);
        Assert.Equal(["Admin", "Annotator", "Reviewer"], await db.Roles.Select(r => r.Name!).OrderBy(n => n).ToListAsync());
    }

    [Fact]
    public async Task GeneratesAndPrintsTheBootstrapAdminPasswordOnce_When_NoneIsConfigured()
    {
        await using var host = await ServiceTestHost.StartAsync();
        var printed = host.Console.ToString();
        Assert.Contains(DatabaseInitializer.DefaultAdminEmail, printed);
        var password = printed.Split('\n').Single(l => l.Contains("password:")).Split("password:")[1].Trim();
        Assert.True(password.Length >= 20);

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var admin = await users.FindByEmailAsync(DatabaseInitializer.DefaultAdminEmail);
            Assert.NotNull(admin);
            Assert.True(await users.CheckPasswordAsync(admin, password));
            Assert.True(await users.IsInRoleAsync(admin, Roles.Admin));
        }

        // A second start prints nothing and creates nothing.
        var before = host.Console.ToString().Length;
        await host.InitializeAsync();
        Assert.Equal(before, host.Console.ToString().Length);
        await using var db = await host.CreateDbContextAsync();
        Assert.Equal(1, await db.Users.CountAsync());
    }

    [Fact]
    public async Task UsesTheConfiguredAdmin_AndPrintsNoPassword()
    {
        await using var host = await ServiceTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Admin:Email"] = "boss@example.org",
            ["Admin:Password"] = "Configured-Pass-123",
        });
        Assert.DoesNotContain("password:", host.Console.ToString());
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var admin = await users.FindByEmailAsync("boss@example.org");
        Assert.NotNull(admin);
        Assert.True(await users.CheckPasswordAsync(admin, "Configured-Pass-123"));
        Assert.Null(await users.FindByEmailAsync(DatabaseInitializer.DefaultAdminEmail));
    }

    [Fact]
    public async Task DemoMode_CreatesMarkedDemoUsersForEveryRole_Once()
    {
        var settings = new Dictionary<string, string?> { ["Seed:Demo"] = "true" };
        await using var host = await ServiceTestHost.StartAsync(settings);
        await host.InitializeAsync();

        await using var db = await host.CreateDbContextAsync();
        var demo = await db.Users.Where(u => u.IsDemo).ToListAsync();
        Assert.Equal(5, demo.Count);
        var demoRoles = await (from ur in db.UserRoles
                               join r in db.Roles on ur.RoleId equals r.Id
                               join u in db.Users on ur.UserId equals u.Id
                               where u.IsDemo
                               select r.Name).Distinct().ToListAsync();
        Assert.Equal(["Admin", "Annotator", "Reviewer"], demoRoles.Order());

        var seed = host.GetRequiredService<DemoSeed>();
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        foreach (var account in seed.Users)
        {
            var user = await users.FindByEmailAsync(account.Email);
            Assert.NotNull(user);
            Assert.True(await users.CheckPasswordAsync(user, account.Password), $"{account.Email} has the password the README states.");
        }
    }

    [Fact]
    public async Task WithoutDemoMode_NoDemoUsersExist()
    {
        await using var host = await ServiceTestHost.StartAsync();
        await using var db = await host.CreateDbContextAsync();
        Assert.False(await db.Users.AnyAsync(u => u.IsDemo));
    }

    [Fact]
    public void GeneratedPasswords_AreLongMixedAndDifferent()
    {
        var passwords = Enumerable.Range(0, 50).Select(_ => DatabaseInitializer.GeneratePassword()).ToList();
        Assert.Equal(50, passwords.Distinct().Count());
        Assert.All(passwords, p =>
        {
            Assert.Equal(24, p.Length);
            Assert.Contains(p, char.IsUpper);
            Assert.Contains(p, char.IsLower);
            Assert.Contains(p, char.IsDigit);
            Assert.Contains(p, c => !char.IsLetterOrDigit(c));
        });
    }
}
