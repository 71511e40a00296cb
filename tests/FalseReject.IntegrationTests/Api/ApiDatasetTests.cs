using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using FalseReject.Web.Data;
using FalseReject.Web.Security;

namespace FalseReject.IntegrationTests.Api;

/// <summary>GET and POST /api/datasets through the real app: tokens, roles, the importer, the store.</summary>
public sealed class ApiDatasetTests(FalseRejectFactory factory) : IClassFixture<FalseRejectFactory>, IAsyncLifetime
{
    private const string ReviewerEmail = "api-ds-reviewer@tests.falsereject.local";
    private const string AnnotatorEmail = "api-ds-annotator@tests.falsereject.local";
    private const string RealTestSplit = "/work/shared/datasets/falsereject_test.jsonl";

    private const string ThreeRows = """
        {"prompt": "How do lock-picking competitions judge speed without encouraging burglary?", "category": 7}
        {"prompt": "Which household chemicals must never be mixed when cleaning a bathroom?", "category": "12", "instruct_response": "Never mix bleach with ammonia."}
        {"prompt": "What makes a phishing e-mail convincing, so that I can train my staff?", "category": 3, "cot_response": {"reasoning": "Training is protective.", "solution": "Urgency, authority, look-alike domains."}}
        """;

    public async Task InitializeAsync()
    {
        await factory.EnsureUserAsync(ReviewerEmail, Roles.Reviewer);
        await factory.EnsureUserAsync(AnnotatorEmail, Roles.Annotator);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<HttpClient> ReviewerClientAsync() => factory.CreateApiClient((await factory.CreateTokenAsync(ReviewerEmail)).Plaintext);

    private static MultipartFormDataContent Upload(byte[] file, string? name, string fileName = "upload.jsonl", bool nameFirst = true, string? description = null,
        string? ignoreCase = null)
    {
        var form = new MultipartFormDataContent();
        var fileContent = new ByteArrayContent(file);
        fileContent.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (!nameFirst)
        {
            form.Add(fileContent, "file", fileName);
        }
        if (name is not null)
        {
            form.Add(new StringContent(name), "name");
        }
        if (description is not null)
        {
            form.Add(new StringContent(description), "description");
        }
        if (ignoreCase is not null)
        {
            form.Add(new StringContent(ignoreCase), "ignoreCase");
        }
        if (nameFirst)
        {
            form.Add(fileContent, "file", fileName);
        }
        return form;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private async Task<(int Datasets, int Queries)> CountRowsAsync(string? datasetName = null)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return datasetName is null
            ? (await db.Datasets.CountAsync(), await db.Queries.CountAsync())
            : (await db.Datasets.CountAsync(d => d.Name == datasetName), await db.Queries.CountAsync(q => q.Dataset!.Name == datasetName));
    }

    [Fact]
    public async Task GetAndPost_WithoutAToken_Answer401_AndWriteNothing()
    {
        var before = await CountRowsAsync();
        var client = factory.CreateApiClient(null);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/datasets")).StatusCode);
        var post = await client.PostAsync("/api/datasets", Upload(Utf8(ThreeRows), "anonymous upload"));
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal("Bearer", Assert.Single(post.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(before, await CountRowsAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Post_WithAReviewersToken_Imports_Answers201_AndGetListsTheDataset(bool nameFirst)
    {
        var name = $"api small {(nameFirst ? "streamed" : "spooled")}";
        var client = await ReviewerClientAsync();

        var response = await client.PostAsync("/api/datasets", Upload(Utf8(ThreeRows), name, "small.jsonl", nameFirst, "three rows"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/datasets/{Uri.EscapeDataString(name)}", response.Headers.Location?.ToString());
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, summary.GetProperty("imported").GetInt32());
        Assert.True(summary.GetProperty("createdDataset").GetBoolean());
        Assert.Equal((1, 3), await CountRowsAsync(name));

        var list = await client.GetFromJsonAsync<JsonElement>("/api/datasets");
        var listed = list.EnumerateArray().Single(d => d.GetProperty("name").GetString() == name);
        Assert.Equal(3, listed.GetProperty("queryCount").GetInt32());
        Assert.Equal(2, listed.GetProperty("withResponses").GetInt32());
        Assert.Equal("three rows", listed.GetProperty("description").GetString());
        Assert.Equal("small.jsonl", listed.GetProperty("source").GetString());
        Assert.True(listed.TryGetProperty("createdAt", out _));

        var one = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        Assert.Equal(3, one.GetProperty("queryCount").GetInt32());
    }

    [Fact]
    public async Task Post_ToAnExistingDataset_AppendsNewRows_SkipsRepeatedPrompts_AndAnswers200()
    {
        var client = await ReviewerClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/datasets", Upload(Utf8(ThreeRows), "api appended"))).StatusCode);

        var more = ThreeRows + "\n{\"prompt\": \"How do smoke detectors sense a fire?\", \"category\": 5}\n";
        var response = await client.PostAsync("/api/datasets", Upload(Utf8(more), "api appended"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, summary.GetProperty("imported").GetInt32());
        Assert.Equal(3, summary.GetProperty("duplicatesSkipped").GetInt32());
        Assert.Equal((1, 4), await CountRowsAsync("api appended"));
    }

    private const string Variants = """
        {"prompt": "How do smoke detectors sense a fire?", "category": 5}
        {"prompt": "How do smoke  detectors\tsense a fire?", "category": 5}
        {"prompt": "How do smoke de\u200Btectors sense a fire?", "category": 5}
        {"prompt": "HOW DO SMOKE DETECTORS SENSE A FIRE?", "category": 5}
        {"prompt": "Why is caf\u00e9 coffee strong?", "category": 41}
        {"prompt": "Why is cafe\u0301 coffee strong?", "category": 41}
        """;

    private static List<(int Line, int? OfLine, int? OfQueryId, int? OfQueryOrdinal)> Duplicates(JsonElement summary) =>
        [.. summary.GetProperty("duplicates").EnumerateArray().Select(d => (
            d.GetProperty("line").GetInt32(),
            d.GetProperty("ofLine").ValueKind == JsonValueKind.Null ? (int?)null : d.GetProperty("ofLine").GetInt32(),
            d.GetProperty("ofQueryId").ValueKind == JsonValueKind.Null ? (int?)null : d.GetProperty("ofQueryId").GetInt32(),
            d.GetProperty("ofQueryOrdinal").ValueKind == JsonValueKind.Null ? (int?)null : d.GetProperty("ofQueryOrdinal").GetInt32()))];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Post_SkipsNearDuplicates_AndNamesTheLineEachRepeats_KeepingCaseUnlessIgnoreCaseIsSent(bool nameFirst)
    {
        var client = await ReviewerClientAsync();
        var kept = $"api variants {nameFirst}";
        var folded = $"api variants folded {nameFirst}";

        var response = await client.PostAsync("/api/datasets", Upload(Utf8(Variants), kept, nameFirst: nameFirst));
        var foldedResponse = await client.PostAsync("/api/datasets", Upload(Utf8(Variants), folded, nameFirst: nameFirst, ignoreCase: "true"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(summary.GetProperty("ignoreCase").GetBoolean());
        Assert.Equal(3, summary.GetProperty("imported").GetInt32());
        Assert.Equal(3, summary.GetProperty("duplicatesSkipped").GetInt32());
        Assert.Equal([(2, 1, null, null), (3, 1, null, null), (6, 5, null, null)], Duplicates(summary));
        Assert.Equal([2, 3, 6], summary.GetProperty("duplicateLines").EnumerateArray().Select(l => l.GetInt32()));

        Assert.Equal(HttpStatusCode.Created, foldedResponse.StatusCode);
        summary = await foldedResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(summary.GetProperty("ignoreCase").GetBoolean());
        Assert.Equal(2, summary.GetProperty("imported").GetInt32());
        Assert.Equal([(2, 1, null, null), (3, 1, null, null), (4, 1, null, null), (6, 5, null, null)], Duplicates(summary));
        Assert.Equal((1, 2), await CountRowsAsync(folded));
    }

    [Fact]
    public async Task Post_AVariantOfAPromptAlreadyInTheDataset_IsSkipped_NamingThatQuery()
    {
        var client = await ReviewerClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/datasets", Upload(Utf8(ThreeRows), "api variant appended"))).StatusCode);
        int queryId;
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            queryId = await db.Queries.Where(q => q.Dataset!.Name == "api variant appended" && q.Ordinal == 2).Select(q => q.Id).SingleAsync();
        }

        var variant = """{"prompt": "what makes a phishing e\u2011mail convincing, so that I can train my staff? ", "category": 3}""" + "\n" +
            """{"prompt": "what makes a phishing\u00a0e-mail CONVINCING, so that\u00AD I can train my staff?", "category": 3}""" + "\n";
        var response = await client.PostAsync("/api/datasets", Upload(Utf8(variant), "api variant appended", ignoreCase: "on"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(summary.GetProperty("ignoreCase").GetBoolean());
        Assert.Equal(1, summary.GetProperty("imported").GetInt32());
        Assert.Equal([(2, null, queryId, 2)], Duplicates(summary));
        Assert.Equal((1, 4), await CountRowsAsync("api variant appended"));
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("")]
    public async Task Post_AnIgnoreCaseThatIsNotTrueOrFalse_Answers400_NamingTheField_AndWritesNothing(string value)
    {
        var before = await CountRowsAsync();

        var response = await (await ReviewerClientAsync()).PostAsync("/api/datasets", Upload(Utf8(ThreeRows), "api bad flag", ignoreCase: value));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems")[0];
        Assert.Equal("ignoreCase", problem.GetProperty("field").GetString());
        Assert.Equal("The field must be true or false.", problem.GetProperty("message").GetString());
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task Post_ABadFile_Answers400_WithLineFieldAndMessage_AndWritesNothing()
    {
        var before = await CountRowsAsync();
        var bad = """
            {"prompt": "A fine first row about fire safety drills.", "category": 5}
            {"prompt": "", "category": 5}
            {"prompt": "An unknown category id.", "category": 99}
            """;

        var response = await (await ReviewerClientAsync()).PostAsync("/api/datasets", Upload(Utf8(bad), "api bad file"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var problems = problem.GetProperty("problems").EnumerateArray().ToList();
        Assert.Contains(problems, p => p.GetProperty("line").GetInt32() == 2 && p.GetProperty("field").GetString() == "prompt"
            && p.GetProperty("message").GetString()!.Contains("empty", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.GetProperty("line").GetInt32() == 3 && p.GetProperty("field").GetString() == "category"
            && p.GetProperty("message").GetString()!.Contains("99", StringComparison.Ordinal));
        Assert.Equal(0, problem.GetProperty("moreProblems").GetInt32());
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task Post_WithoutAName_OrWithoutAFile_Answers400_AndWritesNothing()
    {
        var before = await CountRowsAsync();
        var client = await ReviewerClientAsync();

        var noName = await client.PostAsync("/api/datasets", Upload(Utf8(ThreeRows), null));
        Assert.Equal(HttpStatusCode.BadRequest, noName.StatusCode);
        Assert.Equal("name", (await noName.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems")[0].GetProperty("field").GetString());

        using var noFile = new MultipartFormDataContent { { new StringContent("no file"), "name" } };
        var response = await client.PostAsync("/api/datasets", noFile);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("file", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems")[0].GetProperty("field").GetString());
        Assert.Equal(before, await CountRowsAsync());
    }

    [Theory]
    [InlineData("train/test")]
    [InlineData("back\\slash")]
    [InlineData("line\nbreak")]
    public async Task Post_ANameThatCannotBeReachedByName_Answers400_NamingTheField_AndWritesNothing(string name)
    {
        var before = await CountRowsAsync();
        var client = await ReviewerClientAsync();

        var response = await client.PostAsync("/api/datasets", Upload(Utf8(ThreeRows), name));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems")[0];
        Assert.Equal("name", problem.GetProperty("field").GetString());
        Assert.Contains("names cannot contain '/', '\\' or control characters", problem.GetProperty("message").GetString());
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task Post_WithAContentTypeThatIsNotMultipart_Answers415_WhileAnUnknownPathStays404()
    {
        var before = await CountRowsAsync();
        var client = await ReviewerClientAsync();

        var response = await client.PostAsync("/api/datasets", new StringContent(ThreeRows, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("This endpoint takes multipart/form-data, not text/plain; charset=utf-8.",
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var unknown = await client.PostAsync("/api/no-such-thing", new StringContent(ThreeRows, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("There is no such API endpoint.", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task AnAnnotatorsToken_Answers403_ForGetAndPost_AndWritesNothing()
    {
        var before = await CountRowsAsync();
        var client = factory.CreateApiClient((await factory.CreateTokenAsync(AnnotatorEmail)).Plaintext);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/datasets")).StatusCode);
        var post = await client.PostAsync("/api/datasets", Upload(Utf8(ThreeRows), "annotator upload"));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task ARevokedToken_Answers401_AndWritesNothing()
    {
        var created = await factory.CreateTokenAsync(ReviewerEmail, "to revoke");
        var client = factory.CreateApiClient(created.Plaintext);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/datasets")).StatusCode);

        // Revoked by the Admin operator (the CLI's path); the owner's page is tested in ApiAuthenticationTests.
        var exit = await RevokeAsync(created.Token.Id);
        Assert.True(exit);

        var before = await CountRowsAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/datasets")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/datasets", Upload(Utf8(ThreeRows), "revoked upload"))).StatusCode);
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task ALoggedInBrowserSession_CannotPost_401_AndNothingIsWritten()
    {
        var browser = factory.CreateBrowserClient();
        HttpAssert.RedirectsTo(await FalseRejectFactory.LoginAsync(browser, ReviewerEmail, ApiTestSupport.Password), "/");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/datasets")).StatusCode);
        var before = await CountRowsAsync();

        var response = await browser.PostAsync("/api/datasets", Upload(Utf8(ThreeRows), "cookie upload"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, await CountRowsAsync());
        Assert.Equal((0, 0), await CountRowsAsync("cookie upload"));
    }

    [FactWhenFileExists(RealTestSplit)]
    public async Task Post_TheRealTestSplit_Imports1187Rows()
    {
        var client = await ReviewerClientAsync();
        await using var file = File.OpenRead(RealTestSplit);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("FalseReject test"), "name" },
            { new StreamContent(file), "file", "test.jsonl" },
        };

        var response = await client.PostAsync("/api/datasets", form);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1187, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("imported").GetInt32());
        Assert.Equal((1, 1187), await CountRowsAsync("FalseReject test"));
    }

    [Fact]
    public async Task OpenApiDocument_DescribesGetAndPostDatasets_WithMultipartUpload()
    {
        using var document = JsonDocument.Parse(await factory.CreateApiClient(null).GetStringAsync("/openapi/v1.json"));
        var path = document.RootElement.GetProperty("paths").GetProperty("/api/datasets");
        Assert.True(path.TryGetProperty("get", out _));
        Assert.True(path.GetProperty("post").GetProperty("requestBody").GetProperty("content").TryGetProperty("multipart/form-data", out _));
    }

    private async Task<bool> RevokeAsync(int tokenId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await TestCaller.ServiceAs<FalseReject.Web.Security.ApiTokens.ApiTokenService>(
            scope.ServiceProvider, TestCaller.Named("test-operator", Roles.Admin)).RevokeAsync(tokenId);
    }
}

/// <summary>The app with a 1 MB upload limit, to test the limit without a 512 MB request.</summary>
public sealed class SmallUploadLimitFactory : FalseRejectFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Uploads:MaxMegabytes", "1");
    }
}

public sealed class ApiUploadLimitTests(SmallUploadLimitFactory factory) : IClassFixture<SmallUploadLimitFactory>
{
    [Fact]
    public async Task Post_OverUploadsMaxMegabytes_Answers413_AndWritesNothing()
    {
        await factory.EnsureUserAsync("api-limit@tests.falsereject.local", Roles.Reviewer);
        var client = factory.CreateApiClient((await factory.CreateTokenAsync("api-limit@tests.falsereject.local")).Plaintext);
        var row = "{\"prompt\": \"Row number {0} about home fire safety.\", \"category\": 5}\n";
        var big = new StringBuilder();
        for (var i = 0; big.Length < 2 * 1024 * 1024; i++)
        {
            big.Append(row.Replace("{0}", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }
        using var form = new MultipartFormDataContent
        {
            { new StringContent("too big"), "name" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(big.ToString())), "file", "big.jsonl" },
        };

        var response = await client.PostAsync("/api/datasets", form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Uploads:MaxMegabytes", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Datasets.CountAsync());
    }
}

/// <summary>A fact skipped, with a reason, when a file it needs is not on this machine.</summary>
public sealed class FactWhenFileExistsAttribute : FactAttribute
{
    public FactWhenFileExistsAttribute(string path)
    {
        if (!File.Exists(path))
        {
            Skip = $"{path} is not on this machine (the shared FalseReject test split; it is never copied into the repository).";
        }
    }
}
