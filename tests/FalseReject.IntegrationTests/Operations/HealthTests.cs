using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;

namespace FalseReject.IntegrationTests.Operations;

public sealed class HealthTests(FalseRejectFactory factory) : IClassFixture<FalseRejectFactory>
{
    [Fact]
    public async Task Live_Answers200_ToAnonymousCallers()
    {
        var response = await factory.CreateClient().GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_ChecksTheDatabase_AndAnswers200WhenItIsReachable()
    {
        var response = await factory.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_Answers503_WhenTheDatabaseGoesAway()
    {
        var directory = Directory.CreateTempSubdirectory("falsereject-health-");
        using var broken = new DatabaseInDirectoryFactory(Path.Combine(directory.FullName, "app.db"));
        var client = broken.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        // The store's directory disappears under the running app (a lost volume).
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        directory.Delete(recursive: true);

        var response = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Unhealthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    private sealed class DatabaseInDirectoryFactory(string databasePath) : FalseRejectFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ConnectionStrings:Default", $"Data Source={databasePath}");
        }
    }
}
