using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using FalseReject.Web;
using FalseReject.Web.Data;

namespace FalseReject.IntegrationTests.Operations;

public sealed class HostingTests(FalseRejectFactory factory) : IClassFixture<FalseRejectFactory>
{
    private static readonly string RepositoryRoot =
        ContentRoot.FindFrom(AppContext.BaseDirectory) ?? throw new InvalidOperationException("Run the tests from a checkout.");

    [Fact]
    public void ContentRoot_IsTheRepositoryRoot()
    {
        var env = factory.Services.GetRequiredService<IHostEnvironment>();
        Assert.Equal(Path.TrimEndingDirectorySeparator(RepositoryRoot), Path.TrimEndingDirectorySeparator(env.ContentRootPath));
        Assert.True(File.Exists(Path.Combine(env.ContentRootPath, "FalseReject.sln")));
    }

    [Fact]
    public void RootAppsettings_IsTheOneRead()
    {
        var configuration = (IConfigurationRoot)factory.Services.GetRequiredService<IConfiguration>();
        var json = configuration.Providers.OfType<JsonConfigurationProvider>()
            .Single(p => p.Source.Path == "appsettings.json");
        var root = ((Microsoft.Extensions.FileProviders.PhysicalFileProvider)json.Source.FileProvider!).Root;
        Assert.Equal(Path.TrimEndingDirectorySeparator(RepositoryRoot), Path.TrimEndingDirectorySeparator(root));

        // A value that only the root file sets (no default in code and no test override).
        Assert.True(json.TryGet("Logging:LogLevel:Microsoft.EntityFrameworkCore", out var level));
        Assert.Equal("Warning", level);
        Assert.Equal("Warning", configuration["Logging:LogLevel:Microsoft.EntityFrameworkCore"]);
    }

    [Fact]
    public async Task RootWwwroot_IsServed()
    {
        var client = factory.CreateClient();
        var response = await client.GetAsync("/app.css");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var served = await response.Content.ReadAsStringAsync();
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot, "wwwroot", "app.css")), served);
    }

    [Fact]
    public async Task FrameworkAndMudBlazorAssets_AreServed()
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/_framework/blazor.web.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/_content/MudBlazor/MudBlazor.min.css")).StatusCode);
    }

    [Fact]
    public async Task HomePage_SaysWhatTheAppIsFor()
    {
        var html = await factory.CreateClient().GetStringAsync("/");
        Assert.Contains("over-refusal benchmarks", html);
        Assert.Contains("Log in", html);
    }

    [Fact]
    public async Task Migrations_ApplyToAnEmptyDatabase_WithNoPendingModelChanges()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var dbFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes no migration captures: add a migration.");
        Assert.Equal(46, await db.Categories.CountAsync());
        Assert.Equal("Others", (await db.Categories.SingleAsync(c => c.Id == 46)).Name);
    }

    [Fact]
    public async Task Sqlite_UsesTheWriteAheadLog()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var mode = await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync();
        Assert.Equal("wal", mode.Single());
    }
}
