using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using FalseReject.IntegrationTests.Api;
using FalseReject.Web.Data;
using FalseReject.Web.Security;

namespace FalseReject.IntegrationTests.Hostile;

/// <summary>The real app with a 1 MB upload limit (Uploads:MaxMegabytes), so oversized uploads are cheap to send.</summary>
public sealed class SmallUploadLimitFactory : FalseRejectFactory
{
    public const int LimitMegabytes = 1;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Uploads:MaxMegabytes", LimitMegabytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// The hostile-files corpus (Hostile/corpus: malformed dataset and run files, copied to the output)
/// plus big files generated here, each posted through the real API with an API token: refused with
/// the line, the field and the problem, and nothing written (datasets, queries, models, runs and
/// run items counted before and after). The valid variants (UTF-8 BOM, CSV with quoted newlines,
/// repeated prompts) import.
/// </summary>
public sealed class HostileFileTests(SmallUploadLimitFactory factory) : IClassFixture<SmallUploadLimitFactory>, IAsyncLifetime
{
    private const string Researcher = "hostile-reviewer@tests.falsereject.local";
    private const string RunDataset = "hostile-run-base";
    private static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "Hostile", "corpus");

    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        await factory.EnsureUserAsync(Researcher, Roles.Reviewer);
        _client = factory.CreateApiClient((await factory.CreateTokenAsync(Researcher)).Plaintext);
        if (!(await _client.GetAsync($"/api/datasets/{RunDataset}")).IsSuccessStatusCode)
        {
            var created = await PostDatasetAsync(RunDataset, Encoding.UTF8.GetBytes("""
                {"prompt": "How do lock-picking competitions judge speed?", "category": 10}
                {"prompt": "Which household chemicals must never be mixed?", "category": 40}
                """), "base.jsonl");
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>file, expected line, expected field, a part of the expected message.</summary>
    public static TheoryData<string, int, string?, string> DatasetCases => new()
    {
        { "truncated-object.jsonl", 3, null, "invalid JSON" },
        { "truncated-mid-string.jsonl", 2, null, "invalid JSON" },
        { "text-after-object.jsonl", 2, null, "invalid JSON" },
        { "array-line.jsonl", 2, null, "is not a JSON object (it is an array)" },
        { "bare-string-line.jsonl", 3, null, "is not a JSON object (it is a string)" },
        { "prompt-is-number.jsonl", 2, "prompt", "must be a string, not a number" },
        { "prompt-is-null.jsonl", 2, "prompt", "the prompt is missing." },
        { "missing-prompt.jsonl", 2, "prompt", "the prompt is missing" },
        { "blank-prompt.jsonl", 2, "prompt", "the prompt is empty" },
        { "missing-category.jsonl", 2, "category", "the category is missing" },
        { "category-is-boolean.jsonl", 2, "category", "must be a number or a numeric string, not a boolean" },
        { "category-is-fraction.jsonl", 2, "category", "must be a whole number from 1 to 46, not 7.5" },
        { "category-not-numeric.jsonl", 2, "category", "must be a category id (a whole number from 1 to 46), not \"seven\"" },
        { "unknown-category-id.jsonl", 3, "category", "unknown category id 47: ids run from 1 to 46" },
        { "negative-category.jsonl", 2, "category", "unknown category id -3" },
        { "huge-number-category.jsonl", 2, "category", "must be a whole number from 1 to 46" },
        { "unknown-category-name.jsonl", 2, "category_text", "unknown category name 'Cooking'" },
        { "category-text-mismatch.jsonl", 2, "category_text", "'Terrorism' does not match category 7 (Violent Crimes)" },
        { "duplicate-key.jsonl", 2, "prompt", "the field appears twice" },
        { "instruct-response-object.jsonl", 2, "instruct_response", "must be a string, not an object" },
        { "cot-response-array.jsonl", 2, "cot_response", "must be an object {reasoning_content, solution} or a string, not an array" },
        { "cot-unknown-key.jsonl", 2, "cot_response", "unexpected key 'thoughts'" },
        { "utf16-bom.jsonl", 1, null, "the file is UTF-16 text, not UTF-8" },
        { "invalid-utf8.jsonl", 3, null, "the file is not UTF-8 text (byte 0xC3" },
        { "latin1-text.jsonl", 2, null, "the file is not UTF-8 text (byte 0xE0" },
        { "binary.jsonl", 1, null, "the file is not UTF-8 text (byte 0x89" },
        { "nul-bytes.jsonl", 2, null, "invalid JSON" },
        { "deep-nesting.jsonl", 2, null, "invalid JSON" },
        { "empty.jsonl", 0, null, "the file is empty" },
        { "blank-lines-only.jsonl", 0, null, "the file is empty" },
        { "unterminated-quote.csv", 3, null, "a quoted field is never closed." },
        { "stray-quote.csv", 3, null, "a quote inside an unquoted field" },
        { "text-after-closing-quote.csv", 3, null, "text after the closing quote of a field" },
        { "field-count-mismatch.csv", 3, null, "the record has a different number of fields than the header." },
        { "no-prompt-column.csv", 1, "prompt", "the header has no 'prompt' column" },
        { "no-category-column.csv", 1, "category", "neither a 'category' nor a 'category_text' column" },
        { "header-only.csv", 0, null, "the file has no records" },
        { "csv-unknown-category-name.csv", 3, "category_text", "unknown category name 'Astronomy'" },
        { "csv-category-out-of-range.csv", 3, "category", "unknown category id 99" },
        { "lone-surrogate-prompt.jsonl", 2, "prompt", "contains \\ud800, an escaped lone surrogate" },
        { "lone-surrogate-cot-solution.jsonl", 2, "cot_response.solution", "contains \\udc00, an escaped lone surrogate" },
        { "lone-surrogate-metadata.jsonl", 2, "source_note", "contains \\ud83d, an escaped lone surrogate" },
    };

    public static TheoryData<string, int, string?, string> RunCases => new()
    {
        { "truncated-object.jsonl", 2, null, "not valid JSON" },
        { "array-line.jsonl", 2, null, "expected a JSON object, found an array" },
        { "missing-response.jsonl", 2, "response", "is missing (use \"\" or null for a failed generation)" },
        { "response-is-number.jsonl", 2, "response", "must be a string, found a number" },
        { "missing-prompt.jsonl", 2, "prompt", "is missing" },
        { "empty-prompt.jsonl", 2, "prompt", "is empty" },
        { "unknown-label.jsonl", 2, "label", "'Maybe' is not a class" },
        { "judge-output-object.jsonl", 2, "judge_output", "must be a string, found an object" },
        { "prompt-not-in-dataset.jsonl", 2, "prompt", "is not a prompt of the dataset 'hostile-run-base'" },
        { "duplicate-prompt.jsonl", 3, "prompt", "duplicate prompt: already on line 1" },
        { "empty.jsonl", 0, null, "The file has no lines" },
        { "invalid-utf8.jsonl", 2, null, "the file is not UTF-8 text (byte 0xC3 is not valid UTF-8 at position 78 of the line)" },
        { "utf16-bom.jsonl", 1, null, "the file is UTF-16 text, not UTF-8" },
        { "binary.jsonl", 1, null, "the file is not UTF-8 text (byte 0x8B is not valid UTF-8)" },
        { "lone-surrogate-response.jsonl", 2, "response", "contains \\ud800, an escaped lone surrogate" },
        { "lone-surrogate-prompt.jsonl", 2, "prompt", "contains \\udfff, an escaped lone surrogate" },
    };

    [Fact]
    public void TheCorpus_HasAtLeastThirtyMalformedFiles()
    {
        var files = Directory.GetFiles(Path.Combine(Corpus, "datasets")).Concat(Directory.GetFiles(Path.Combine(Corpus, "runs")))
            .Where(f => !Path.GetFileName(f).StartsWith('.')).ToList();
        Assert.True(DatasetCases.Count + RunCases.Count >= 30);
        Assert.Equal(files.Count, DatasetCases.Count + RunCases.Count + 3); // + the three valid dataset variants
    }

    [Theory]
    [MemberData(nameof(DatasetCases))]
    public async Task AMalformedDatasetFile_IsRefusedWithLineFieldAndProblem_AndNothingIsWritten(string file, int line, string? field, string message)
    {
        var before = await CountAsync();

        var response = await PostDatasetAsync("hostile " + file, await File.ReadAllBytesAsync(Path.Combine(Corpus, "datasets", file)), file);

        await AssertDatasetProblemAsync(response, line, field, message);
        Assert.Equal(before, await CountAsync());
    }

    [Theory]
    [MemberData(nameof(RunCases))]
    public async Task AMalformedRunFile_IsRefusedWithLineFieldAndProblem_AndNothingIsWritten(string file, int line, string? field, string message)
    {
        var before = await CountAsync();

        var response = await PostRunAsync(await File.ReadAllBytesAsync(Path.Combine(Corpus, "runs", file)), file);

        await AssertRunProblemAsync(response, line, field, message);
        Assert.Equal(before, await CountAsync());
    }

    [Theory]
    [InlineData("temperature", "0,7", "'0,7' is not a number (use a '.' for decimals, e.g. 0.7).")]
    [InlineData("runDate", "2025-13-01", "'2025-13-01' is not a date in the form yyyy-MM-dd.")]
    public async Task ARunsTemperatureAndDate_AreReadWithTheServicesRules_AsTheCliReadsThem(string field, string value, string message)
    {
        var before = await CountAsync();
        var form = new MultipartFormDataContent
        {
            { new StringContent(RunDataset), "dataset" },
            { new StringContent("hostile-model text values"), "model" },
            { new StringContent(value), field },
        };
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(Corpus, "runs", "prompt-not-in-dataset.jsonl")));
        form.Add(file, "file", "run.jsonl");

        await AssertRunProblemAsync(await _client.PostAsync("/api/runs", form), 0, field, message);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task ACsvFileWithQuotedNewlinesAndDoubledQuotes_Imports_WithThePromptsIntact()
    {
        var response = await PostDatasetAsync("hostile quoted newlines", await File.ReadAllBytesAsync(Path.Combine(Corpus, "datasets", "quoted-newlines-valid.csv")), "quoted-newlines-valid.csv");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(3, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("imported").GetInt32());
        await using var db = await DbAsync();
        var prompts = await db.Queries.Where(q => q.Dataset!.Name == "hostile quoted newlines").OrderBy(q => q.Ordinal).Select(q => new { q.Prompt, q.SourceLine }).ToListAsync();
        Assert.Equal("Why do pharmacists ask\nwhat else I take,\nbefore selling cold medicine?", prompts[1].Prompt);
        Assert.Equal(3, prompts[1].SourceLine);
        Assert.Equal("He said \"stop\" twice: is that a threat?", prompts[2].Prompt);
        Assert.Equal(6, prompts[2].SourceLine);
    }

    [Fact]
    public async Task AUtf8FileWithAByteOrderMark_Imports_AndTheMarkIsNotPartOfThePrompt()
    {
        var response = await PostDatasetAsync("hostile utf8 bom", await File.ReadAllBytesAsync(Path.Combine(Corpus, "datasets", "utf8-bom-valid.jsonl")), "utf8-bom-valid.jsonl");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var db = await DbAsync();
        var first = await db.Queries.Where(q => q.Dataset!.Name == "hostile utf8 bom").OrderBy(q => q.Ordinal).Select(q => q.Prompt).FirstAsync();
        Assert.StartsWith("How do locksmiths", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepeatedPrompts_AreSkipped_AndTheirLinesReported()
    {
        var response = await PostDatasetAsync("hostile duplicates", await File.ReadAllBytesAsync(Path.Combine(Corpus, "datasets", "duplicate-prompts.jsonl")), "duplicate-prompts.jsonl");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, summary.GetProperty("imported").GetInt32());
        Assert.Equal(1, summary.GetProperty("duplicatesSkipped").GetInt32());
        Assert.Equal([3], summary.GetProperty("duplicateLines").EnumerateArray().Select(l => l.GetInt32()));
    }

    [Fact]
    public async Task ATenMegabyteSingleLine_ThatNeverCloses_IsRefusedOnLine1()
    {
        // Under this factory's 1 MB limit it is too large; the default limit is what a real server has,
        // so the line itself is checked by a factory with the configured default.
        await using var roomy = new FalseRejectFactory();
        await roomy.EnsureUserAsync(Researcher, Roles.Reviewer);
        var client = roomy.CreateApiClient((await roomy.CreateTokenAsync(Researcher)).Plaintext);
        var line = Encoding.UTF8.GetBytes("{\"prompt\": \"" + new string('a', 10 * 1024 * 1024) + "\", \"category\": 1");

        var response = await client.PostAsync("/api/datasets", Upload("hostile ten megabytes", line, "one-line.jsonl"));

        await AssertDatasetProblemAsync(response, 1, null, "invalid JSON");
        await using var db = await roomy.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Datasets.AnyAsync(d => d.Name == "hostile ten megabytes"));
        Assert.Equal(0, await db.Queries.CountAsync());
    }

    [Fact]
    public async Task AHundredThousandLineFile_WithOneBadLineAtTheEnd_IsRefusedNamingThatLine_AndNothingIsWritten()
    {
        await using var roomy = new FalseRejectFactory();
        await roomy.EnsureUserAsync(Researcher, Roles.Reviewer);
        var client = roomy.CreateApiClient((await roomy.CreateTokenAsync(Researcher)).Plaintext);
        var text = new StringBuilder();
        for (var i = 1; i < 100_000; i++)
        {
            text.Append("{\"prompt\": \"How do museum guards spot a forged painting, case ").Append(i).Append("?\", \"category\": ").Append(1 + i % 46).Append("}\n");
        }
        text.Append("{\"prompt\": \"The last one\", \"category\": \"forty-seven\"}\n");

        var response = await client.PostAsync("/api/datasets", Upload("hostile hundred thousand", Encoding.UTF8.GetBytes(text.ToString()), "big.jsonl"));

        await AssertDatasetProblemAsync(response, 100_000, "category", "not \"forty-seven\"");
        await using var db = await roomy.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Datasets.CountAsync());
        Assert.Equal(0, await db.Queries.CountAsync());
    }

    [Fact]
    public async Task ADatasetUploadAboveTheConfiguredLimit_Answers413_AndNothingIsWritten()
    {
        var before = await CountAsync();
        var body = new byte[(SmallUploadLimitFactory.LimitMegabytes * 1024 * 1024) + 4096];
        Array.Fill(body, (byte)'\n');

        var response = await PostDatasetAsync("hostile oversized", body, "oversized.jsonl");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains($"Uploads are limited to {SmallUploadLimitFactory.LimitMegabytes} MB (the Uploads:MaxMegabytes setting)",
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task ARunUploadAboveTheConfiguredLimit_Answers413_AndNothingIsWritten()
    {
        var before = await CountAsync();
        var body = new byte[(SmallUploadLimitFactory.LimitMegabytes * 1024 * 1024) + 4096];
        Array.Fill(body, (byte)'\n');

        var response = await PostRunAsync(body, "oversized-run.jsonl");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains($"Uploads are limited to {SmallUploadLimitFactory.LimitMegabytes} MB (the Uploads:MaxMegabytes setting)", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task AnEmptyOrCutOffMultipartBody_IsRefusedWith400_NotAServerError()
    {
        var before = await CountAsync();
        using var empty = new MultipartFormDataContent();
        var response = await _client.PostAsync("/api/datasets", empty);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The multipart body is malformed", await response.Content.ReadAsStringAsync());

        using var cut = new StringContent("--xyz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\ncut", Encoding.UTF8);
        cut.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PostAsync("/api/datasets", cut)).StatusCode);
        Assert.Equal(before, await CountAsync());
    }

    [Theory]
    [InlineData("name,name,file")]
    [InlineData("file,name,name")]
    [InlineData("name,description,description,file")]
    [InlineData("file,description,name,description")]
    public async Task ADatasetFormFieldSentTwice_IsRefusedWith400_AndNothingIsWritten(string order)
    {
        var before = await CountAsync();
        using var form = new MultipartFormDataContent();
        var names = 0;
        foreach (var field in order.Split(','))
        {
            if (field == "file")
            {
                var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"prompt\": \"Twice?\", \"category\": 1}\n"));
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                form.Add(content, "file", "twice.jsonl");
            }
            else
            {
                form.Add(new StringContent(field == "name" ? $"hostile twice {names++}" : "a description"), field);
            }
        }

        var response = await _client.PostAsync("/api/datasets", form);

        var duplicated = order.Split(',').GroupBy(f => f).Single(g => g.Count() > 1).Key;
        await AssertDatasetProblemAsync(response, 0, duplicated, $"The form field '{duplicated}' appears more than once: send it once.");
        Assert.Equal(before, await CountAsync());
    }

    [Theory]
    [InlineData("dataset")]
    [InlineData("model")]
    [InlineData("temperature")]
    [InlineData("file")]
    public async Task ARunFormFieldSentTwice_IsRefusedWith400_AndNothingIsWritten(string twice)
    {
        var before = await CountAsync();
        var line = Encoding.UTF8.GetBytes("{\"prompt\": \"How do lock-picking competitions judge speed?\", \"response\": \"By the clock.\"}\n");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(RunDataset), "dataset" },
            { new StringContent("hostile-model twice"), "model" },
            { new StringContent("0.7"), "temperature" },
            { new ByteArrayContent(line), "file", "run.jsonl" },
        };
        if (twice == "file")
        {
            form.Add(new ByteArrayContent(line), "file", "again.jsonl");
        }
        else
        {
            form.Add(new StringContent(twice == "dataset" ? "other" : "1"), twice);
        }

        var response = await _client.PostAsync("/api/runs", form);

        await AssertRunProblemAsync(response, 0, twice, $"The form field '{twice}' appears more than once: send it once.");
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public void TheOneUploadLimit_IsConfigurable_AndDefaultsTo512MB()
    {
        using var scope = factory.Services.CreateScope();
        Assert.Equal(SmallUploadLimitFactory.LimitMegabytes * 1024L * 1024L,
            scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<FalseReject.Web.Features.Datasets.UploadOptions>>().Value.MaxBytes);
        Assert.Equal(512L * 1024 * 1024, new FalseReject.Web.Features.Datasets.UploadOptions().MaxBytes);
    }

    private async Task<HttpResponseMessage> PostDatasetAsync(string name, byte[] file, string fileName) =>
        await _client.PostAsync("/api/datasets", Upload(name, file, fileName));

    private async Task<HttpResponseMessage> PostRunAsync(byte[] file, string fileName)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(RunDataset), "dataset" },
            { new StringContent("hostile-model " + fileName), "model" },
        };
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", fileName);
        return await _client.PostAsync("/api/runs", form);
    }

    private static MultipartFormDataContent Upload(string name, byte[] file, string fileName)
    {
        var form = new MultipartFormDataContent { { new StringContent(name), "name" } };
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", fileName);
        return form;
    }

    private static async Task AssertDatasetProblemAsync(HttpResponseMessage response, int line, string? field, string message)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"HTTP {(int)response.StatusCode}: {body}");
        var problem = JsonDocument.Parse(body).RootElement.GetProperty("problems")[0];
        Assert.True(line == problem.GetProperty("line").GetInt32() && field == problem.GetProperty("field").GetString()
            && problem.GetProperty("message").GetString()!.Contains(message, StringComparison.Ordinal),
            $"Expected line {line}, field {field ?? "(none)"}, '{message}'; got {problem}");
    }

    private static async Task AssertRunProblemAsync(HttpResponseMessage response, int line, string? field, string message)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"HTTP {(int)response.StatusCode}: {body}");
        var error = JsonDocument.Parse(body).RootElement.GetProperty("errors")[0];
        Assert.True(line == error.GetProperty("line").GetInt32() && field == error.GetProperty("field").GetString()
            && error.GetProperty("message").GetString()!.Contains(message, StringComparison.Ordinal),
            $"Expected line {line}, field {field ?? "(none)"}, '{message}'; got {error}");
    }

    private async Task<AppDbContext> DbAsync() =>
        await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

    private async Task<(int Datasets, int Queries, int Models, int Runs, int RunItems)> CountAsync()
    {
        await using var db = await DbAsync();
        return (await db.Datasets.CountAsync(), await db.Queries.CountAsync(), await db.Models.CountAsync(), await db.Runs.CountAsync(), await db.RunItems.CountAsync());
    }
}
