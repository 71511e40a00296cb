using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using FalseReject.IntegrationTests.Api;
using FalseReject.TestSupport.ModelServer;
using FalseReject.Web.Features.Endpoints;
using FalseReject.Web.Security;

namespace FalseReject.IntegrationTests.Endpoints;

/// <summary>The app with every log line captured (at every level).</summary>
public sealed class LogCapturingFactory : FalseRejectFactory
{
    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
    }
}

public sealed class EndpointsApiTests : IClassFixture<LogCapturingFactory>, IAsyncLifetime
{
    private const string Key = "sk-live-TOPSECRET-7d1e4b9a0c";
    private readonly LogCapturingFactory _factory;
    private StandInModelServer _server = null!;

    public EndpointsApiTests(LogCapturingFactory factory) => _factory = factory;

    public async Task InitializeAsync() => _server = await StandInModelServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<HttpClient> ClientAsync(string email, string role)
    {
        await _factory.EnsureUserAsync(email, role);
        return _factory.CreateApiClient((await _factory.CreateTokenAsync(email)).Plaintext);
    }

    [Fact]
    public async Task AdminManagesAndTestsAnEndpoint_AndTheKeyNeverComesBack_NorSitsInTheDatabase_NorInLogs()
    {
        _server.RequiredApiKey = Key;
        var admin = await ClientAsync("endpoints-admin@tests.local", Roles.Admin);

        var created = await admin.PostAsJsonAsync("/api/endpoints", new
        {
            name = "stand-in",
            baseUrl = _server.BaseUrl.ToString(),
            modelId = StandInModelServer.ModelId,
            maxTokensField = "MaxCompletionTokens",
            extraBodyJson = """{"chat_template_kwargs": {"enable_thinking": false}}""",
            concurrencyLimit = 2,
            keyChange = "Replace",
            apiKey = Key,
        });
        var createdText = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.DoesNotContain(Key, createdText);
        Assert.True((bool)JsonNode.Parse(createdText)!["hasApiKey"]!);

        var list = await admin.GetStringAsync("/api/endpoints");
        var one = await admin.GetStringAsync("/api/endpoints/stand-in");
        Assert.DoesNotContain(Key, list);
        Assert.DoesNotContain(Key, one);
        Assert.Equal("stand-in", (string?)JsonNode.Parse(list)![0]!["name"]);

        // The admin page (prerendered) shows "key set", never the key.
        var browser = _factory.CreateBrowserClient();
        await FalseRejectFactory.LoginAsync(browser, "endpoints-admin@tests.local", ApiTestSupport.Password);
        var page = await browser.GetStringAsync("/admin/endpoints");
        Assert.Contains("stand-in", page);
        Assert.Contains("key set", page);
        Assert.DoesNotContain(Key, page);

        var test = await admin.PostAsync("/api/endpoints/stand-in/test", null);
        var testText = await test.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, test.StatusCode);
        var testJson = JsonNode.Parse(testText)!;
        Assert.True((bool)testJson["succeeded"]!, testText);
        Assert.Equal(StandInModelServer.DefaultAnswer(EndpointService.TestPrompt), (string?)testJson["answer"]);
        Assert.Equal("Bearer " + Key, _server.Requests.Last().Authorization);
        var body = _server.Requests.Last().Json;
        Assert.Equal(0, (double)body["temperature"]!);
        Assert.NotNull(body["max_completion_tokens"]);
        Assert.False((bool)body["chat_template_kwargs"]!["enable_thinking"]!);

        // The column holds ciphertext, and the key appears nowhere in the database files.
        await using (var connection = new SqliteConnection($"Data Source={_factory.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT ProtectedApiKey FROM ModelEndpoints WHERE Name = 'stand-in'";
            var stored = (string?)await command.ExecuteScalarAsync();
            Assert.False(string.IsNullOrEmpty(stored));
            Assert.NotEqual(Key, stored);
            Assert.DoesNotContain(Key, stored);
        }
        foreach (var file in new[] { _factory.DatabasePath, _factory.DatabasePath + "-wal" }.Where(File.Exists))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            Assert.DoesNotContain(Key, await reader.ReadToEndAsync());
        }

        // A wrong key: the endpoint's own 401 message, named, not retried.
        var before = _server.Requests.Count;
        var replaced = await admin.PutAsJsonAsync("/api/endpoints/stand-in", new
        {
            name = "stand-in", baseUrl = _server.BaseUrl.ToString(), modelId = StandInModelServer.ModelId, keyChange = "Replace", apiKey = "sk-wrong-000000",
        });
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var failed = JsonNode.Parse(await (await admin.PostAsync("/api/endpoints/stand-in/test", null)).Content.ReadAsStringAsync())!;
        Assert.False((bool)failed["succeeded"]!);
        Assert.StartsWith("endpoint stand-in answered 401: Incorrect API key provided", (string?)failed["error"]);
        Assert.Equal(before + 1, _server.Requests.Count);

        // Clearing the key: no Authorization header at all.
        var cleared = await admin.PutAsJsonAsync("/api/endpoints/stand-in", new
        {
            name = "stand-in", baseUrl = _server.BaseUrl.ToString(), modelId = StandInModelServer.ModelId, keyChange = "Clear",
        });
        Assert.False((bool)JsonNode.Parse(await cleared.Content.ReadAsStringAsync())!["hasApiKey"]!);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/endpoints/stand-in")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/endpoints/stand-in")).StatusCode);

        Assert.NotEmpty(_factory.Logs.Lines);
        Assert.DoesNotContain(_factory.Logs.Lines, l => l.Contains(Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RejectsInvalidSettings_WithEveryProblem()
    {
        var admin = await ClientAsync("endpoints-admin2@tests.local", Roles.Admin);
        var response = await admin.PostAsJsonAsync("/api/endpoints", new
        {
            name = "bad name!", baseUrl = "ftp://x", modelId = "", extraBodyJson = "[1,2]", concurrencyLimit = 0,
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"];
        Assert.Contains("name", detail);
        Assert.Contains("base URL", detail);
        Assert.Contains("model id", detail);
        Assert.Contains("JSON object", detail);
        Assert.Contains("concurrency", detail);

        var reserved = await admin.PostAsJsonAsync("/api/endpoints", new
        {
            name = "reserved", baseUrl = "http://localhost:1/v1", modelId = "m", extraBodyJson = """{"temperature": 1}""",
        });
        Assert.Equal(HttpStatusCode.BadRequest, reserved.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Reviewer)]
    [InlineData(Roles.Annotator)]
    public async Task NonAdmins_AreForbidden(string role)
    {
        var client = await ClientAsync($"endpoints-{role.ToLowerInvariant()}@tests.local", role);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/endpoints")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/endpoints", new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/endpoints/x/test", null)).StatusCode);
    }
}
