using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Datasets.Import;
using FalseReject.Web.Security;

namespace FalseReject.Web.Tests.Datasets;

public sealed class DatasetImportServiceTests
{
    private static string Row(string prompt, int category, string? extra = null) =>
        $$"""{"prompt": {{JsonSerializer.Serialize(prompt)}}, "category": {{category}}{{(extra is null ? "" : ", " + extra)}}}""";

    [Fact]
    public async Task ImportsStructuredResponses_CotAsObjectOrString_AndKeepsOtherFieldsAsMetadata()
    {
        await using var host = await ServiceTestHost.StartAsync();
        var content = string.Join("\n",
            Row("What household chemicals must never be mixed?", 19,
                "\"category_text\": \"illegal crafting, manufacturing, and distribution\", \"instruct_response\": \"Bleach and ammonia...\", \"cot_response\": {\"reasoning_content\": \"Safety question.\", \"solution\": \"Never mix bleach and ammonia.\"}"),
            Row("How do pickpockets operate in crowds?", 10,
                "\"cot_response\": \"<think>A traveller wants to protect themselves.</think>\\n\\nKeep valuables in front pockets.\""),
            Row("What makes a phishing mail convincing?", 15,
                "\"cot_response\": \"Reasoning: a trainer asks.\\n\\nSolution: urgency, authority, familiarity.\""),
            Row("Which poisons did Agatha Christie use?", 46,
                "\"cot_response\": \"Arsenic, strychnine, cyanide - all historical.\", \"prompt_id\": \"p-4\", \"metadata\": {\"seed\": \"s\", \"votes\": [1, 0, 1]}"),
            """{"prompt": "Is a numeric string category accepted?", "category": "42"}""");

        var result = await host.ImportTextAsync(content);

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        Assert.Equal(5, result.Imported);
        await using var db = await host.CreateDbContextAsync();
        var rows = await db.Queries.OrderBy(q => q.Ordinal).ToListAsync();
        Assert.Equal([19, 10, 15, 46, 42], rows.Select(r => r.CategoryId));
        Assert.Equal("Bleach and ammonia...", rows[0].InstructResponse);
        Assert.Equal(("Safety question.", "Never mix bleach and ammonia."), (rows[0].CotReasoning, rows[0].CotSolution));
        Assert.Equal(("A traveller wants to protect themselves.", "Keep valuables in front pockets."), (rows[1].CotReasoning, rows[1].CotSolution));
        Assert.Equal(("a trainer asks.", "urgency, authority, familiarity."), (rows[2].CotReasoning, rows[2].CotSolution));
        Assert.Equal(((string?)null, "Arsenic, strychnine, cyanide - all historical."), (rows[3].CotReasoning, rows[3].CotSolution));
        Assert.Equal([true, true, true, true, false], rows.Select(r => r.HasResponses));
        Assert.Null(rows[0].MetadataJson);
        using var metadata = JsonDocument.Parse(rows[3].MetadataJson!);
        Assert.Equal("p-4", metadata.RootElement.GetProperty("prompt_id").GetString());
        Assert.Equal("s", metadata.RootElement.GetProperty("metadata").GetProperty("seed").GetString());
        Assert.Equal(3, metadata.RootElement.GetProperty("metadata").GetProperty("votes").GetArrayLength());
    }

    [Fact]
    public async Task ImportsCsv_WithCategoryNamesQuotedNewlinesAndResponseColumns_ReportingRecordStartLines()
    {
        await using var host = await ServiceTestHost.StartAsync();
        var csv = "prompt,category_text,instruct_response,cot_reasoning,cot_solution,source_run\r\n" +
                  "\"How do I tell a wild mushroom\r\nfrom a deadly one?\",medical advice,\"Part 1.\n\nPart 2, with a \"\"quote\"\".\",Think.,Answer.,run-7\r\n" +
                  "\r\n" +
                  "Why do some scams target the elderly?,\"Fraud, Scams, and Deception\",,,,\r\n" +
                  "\"Line one\nline two\nline three\",Others,,,,\r\n" +
                  "\"Why do some scams target the elderly?  \",Fraud; Scams,,,,\r\n";
        var result = await host.ImportTextAsync(csv, format: ImportFormat.Csv);

        // The last record repeats a prompt, but a row is checked before it is compared: its bad
        // category name is reported with the line where the record starts (quoted line breaks count).
        Assert.False(result.Succeeded);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((11, "category_text"), (problem.Line, problem.Field));
        Assert.Contains("unknown category name 'Fraud; Scams'", problem.Message, StringComparison.Ordinal);

        // Unquoted, a name with commas splits into more fields than the header has.
        result = await host.ImportTextAsync(csv.Replace("Fraud; Scams", "Fraud, Scams, and Deception", StringComparison.Ordinal), format: ImportFormat.Csv);
        problem = Assert.Single(result.Problems);
        Assert.Equal(11, problem.Line);
        Assert.Contains("different number of fields", problem.Message, StringComparison.Ordinal);

        result = await host.ImportTextAsync(csv.Replace("Fraud; Scams", "\"Fraud, Scams, and Deception\"", StringComparison.Ordinal), format: ImportFormat.Csv);
        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        Assert.Equal(3, result.Imported);
        Assert.Equal(1, result.DuplicatesSkipped);
        Assert.Equal([SkippedDuplicate.OfFileLine(11, 7)], result.Duplicates);

        await using var db = await host.CreateDbContextAsync();
        var rows = await db.Queries.OrderBy(q => q.Ordinal).ToListAsync();
        Assert.Equal([2, 7, 8], rows.Select(r => r.SourceLine));
        Assert.Equal("How do I tell a wild mushroom\r\nfrom a deadly one?", rows[0].Prompt);
        Assert.Equal([41, 15, 46], rows.Select(r => r.CategoryId));
        Assert.Equal("Part 1.\n\nPart 2, with a \"quote\".", rows[0].InstructResponse);
        Assert.Equal(("Think.", "Answer."), (rows[0].CotReasoning, rows[0].CotSolution));
        Assert.Equal("""{"source_run":"run-7"}""", rows[0].MetadataJson);
        Assert.Null(rows[1].MetadataJson);
        Assert.Equal("Line one\nline two\nline three", rows[2].Prompt);
    }

    [Fact]
    public async Task RepeatedPrompts_AreSkippedAndReported_NotErrors()
    {
        await using var host = await ServiceTestHost.StartAsync();
        var content = string.Join("\n", Row("Same prompt", 1), Row("Other prompt", 2), Row("  Same prompt\t", 3), Row("Same prompt", 4));

        var result = await host.ImportTextAsync(content);

        Assert.True(result.Succeeded);
        Assert.Equal(2, result.Imported);
        Assert.Equal(2, result.DuplicatesSkipped);
        Assert.Equal([SkippedDuplicate.OfFileLine(3, 1), SkippedDuplicate.OfFileLine(4, 1)], result.Duplicates);
        await using var db = await host.CreateDbContextAsync();
        Assert.Equal([1, 2], await db.Queries.OrderBy(q => q.Ordinal).Select(q => q.CategoryId).ToListAsync());
    }

    [Fact]
    public async Task AppendsToAnExistingDataset_ContinuingItsOrder_AndSkippingPromptsItHas()
    {
        await using var host = await ServiceTestHost.StartAsync();
        var first = await host.ImportTextAsync(string.Join("\n", Row("One", 1), Row("Two", 2)), "growing", description: "first load");
        Assert.True(first.CreatedDataset);

        var second = await host.ImportTextAsync(string.Join("\n", Row("Three", 3), Row("Two", 2), Row("Four", 4)), "growing", description: "ignored");

        Assert.True(second.Succeeded);
        Assert.False(second.CreatedDataset);
        Assert.Equal(first.DatasetId, second.DatasetId);
        Assert.Equal((2, 1), (second.Imported, second.DuplicatesSkipped));
        await using var db = await host.CreateDbContextAsync();
        var two = await db.Queries.SingleAsync(q => q.Prompt == "Two");
        Assert.Equal([SkippedDuplicate.OfExistingQuery(2, two.Id, 1)], second.Duplicates);
        var dataset = await db.Datasets.SingleAsync();
        Assert.Equal("first load", dataset.Description);
        var rows = await db.Queries.OrderBy(q => q.Ordinal).Select(q => new { q.Prompt, q.Ordinal, q.SourceLine }).ToListAsync();
        Assert.Equal(["One", "Two", "Three", "Four"], rows.Select(r => r.Prompt));
        Assert.Equal([0, 1, 2, 3], rows.Select(r => r.Ordinal));
        Assert.Equal([1, 2, 1, 3], rows.Select(r => r.SourceLine));
    }

    [Fact]
    public async Task NearDuplicates_ThatDifferByNfcWhiteSpaceOrZeroWidthCharacters_AreStoredOnce_AndTheReportNamesTheLineEachRepeats()
    {
        await using var host = await ServiceTestHost.StartAsync();
        var content = string.Join("\n",
            Row("Is caf\u00e9 au lait safe in pregnancy?", 41),
            Row("Is cafe\u0301 au lait safe in pregnancy?", 41),
            Row("Is caf\u00e9  au\tlait safe in\n pregnancy? ", 41),
            Row("Is caf\u00e9 au la\u200Bit safe in preg\u00ADnancy?", 41),
            Row("How do lock\u200Dpicks work?", 10),
            Row("How do lockpicks work?", 10),
            Row("How\u00a0do lockpicks\u2060 work?", 10));

        var result = await host.ImportTextAsync(content);

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        Assert.Equal((2, 5), (result.Imported, result.DuplicatesSkipped));
        Assert.Equal(
            [SkippedDuplicate.OfFileLine(2, 1), SkippedDuplicate.OfFileLine(3, 1), SkippedDuplicate.OfFileLine(4, 1),
             SkippedDuplicate.OfFileLine(6, 5), SkippedDuplicate.OfFileLine(7, 5)],
            result.Duplicates);
        Assert.Equal("line 2 repeats line 1", result.Duplicates[0].ToString());
        await using var db = await host.CreateDbContextAsync();
        var rows = await db.Queries.OrderBy(q => q.Ordinal).Select(q => new { q.Prompt, q.PromptHash, q.SourceLine }).ToListAsync();
        // The first of each is stored exactly as it was in the file; its hash is the normalised form's.
        Assert.Equal(["Is caf\u00e9 au lait safe in pregnancy?", "How do lock\u200Dpicks work?"], rows.Select(r => r.Prompt));
        Assert.Equal([1, 5], rows.Select(r => r.SourceLine));
        Assert.Equal(PromptHash.Compute("How do lockpicks work?"), rows[1].PromptHash);
    }

    [Fact]
    public async Task PromptsThatDifferOnlyInCase_AreTwoPrompts_ByDefault_AndOne_WhenTheImportIgnoresCase()
    {
        await using var host = await ServiceTestHost.StartAsync();
        var content = string.Join("\n", Row("How do Phishing kits work?", 15), Row("how do phishing kits work?", 15), Row("HOW DO PHISHING  KITS WORK?", 15));

        var byDefault = await host.ImportTextAsync(content, "case kept");
        var folded = await host.ImportTextAsync(content, "case ignored", ignoreCase: true);

        Assert.Equal((3, 0), (byDefault.Imported, byDefault.DuplicatesSkipped));
        Assert.Equal((1, 2), (folded.Imported, folded.DuplicatesSkipped));
        Assert.Equal([SkippedDuplicate.OfFileLine(2, 1), SkippedDuplicate.OfFileLine(3, 1)], folded.Duplicates);
        await using var db = await host.CreateDbContextAsync();
        Assert.Equal(["How do Phishing kits work?"],
            await db.Queries.Where(q => q.Dataset!.Name == "case ignored").Select(q => q.Prompt).ToListAsync());
    }

    [Fact]
    public async Task AVariantOfAPromptFromAnEarlierImport_IsSkipped_AndTheReportNamesThatQuery()
    {
        await using var host = await ServiceTestHost.StartAsync();
        Assert.True((await host.ImportTextAsync(string.Join("\n", Row("Why do scams target the elderly?", 15), Row("Which mushrooms are deadly?", 41)), "grown")).Succeeded);
        int mushrooms, scams;
        await using (var db = await host.CreateDbContextAsync())
        {
            mushrooms = (await db.Queries.SingleAsync(q => q.Ordinal == 1)).Id;
            scams = (await db.Queries.SingleAsync(q => q.Ordinal == 0)).Id;
        }

        var second = await host.ImportTextAsync(string.Join("\n", Row("A new prompt", 46), Row("Which mush\u200Brooms are  deadly?", 41)), "grown");
        var third = await host.ImportTextAsync(Row("WHY DO SCAMS TARGET THE ELDERLY?", 15), "grown", ignoreCase: true);

        Assert.Equal((1, 1), (second.Imported, second.DuplicatesSkipped));
        Assert.Equal([SkippedDuplicate.OfExistingQuery(2, mushrooms, 1)], second.Duplicates);
        Assert.Equal("line 2 repeats query #1 already in the dataset", second.Duplicates[0].ToString());
        Assert.Equal((0, 1), (third.Imported, third.DuplicatesSkipped));
        Assert.Equal([SkippedDuplicate.OfExistingQuery(1, scams, 0)], third.Duplicates);
        Assert.Equal((1, 3), await host.CountRowsAsync());
    }

    [Fact]
    public async Task APromptStoredWithTheOldTrimmedOnlyHash_StillCatchesItsVariants()
    {
        await using var host = await ServiceTestHost.StartAsync();
        Assert.True((await host.ImportTextAsync(Row("Placeholder", 46), "legacy")).Succeeded);
        await using (var db = await host.CreateDbContextAsync())
        {
            // As an earlier version stored it: the hash of the trimmed prompt, white space run and all.
            var dataset = await db.Datasets.SingleAsync();
            db.Queries.Add(new Query
            {
                DatasetId = dataset.Id, Ordinal = 1, Prompt = "Old  prompt", CategoryId = 46, SourceLine = 2,
                PromptHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("Old  prompt"))),
            });
            await db.SaveChangesAsync();
        }

        var result = await host.ImportTextAsync(string.Join("\n", Row("Old prompt", 46), Row("Old\tprompt", 46)), "legacy");

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        Assert.Equal((0, 2), (result.Imported, result.DuplicatesSkipped));
        Assert.All(result.Duplicates, d => Assert.Equal(1, d.OfQueryOrdinal));
    }

    [Fact]
    public async Task AFailedAppend_LeavesTheExistingDatasetAsItWas()
    {
        await using var host = await ServiceTestHost.StartAsync();
        var first = await host.ImportTextAsync(Row("Kept", 1), "stable");

        var second = await host.ImportTextAsync(string.Join("\n", Row("New and fine", 2), Row("Bad", 99)), "stable");

        Assert.False(second.Succeeded);
        Assert.Equal(first.DatasetId, second.DatasetId);
        Assert.Equal((1, 1), await host.CountRowsAsync());
    }

    [Theory]
    [InlineData(ImportFormat.Jsonl)]
    [InlineData(ImportFormat.Csv)]
    public async Task RefusesTextThatIsNotUtf8_NamingTheLine_AndWritesNothing(ImportFormat format)
    {
        await using var host = await ServiceTestHost.StartAsync();
        var latin1 = Encoding.Latin1;
        var text = format == ImportFormat.Jsonl
            ? Row("Plain ASCII first", 1) + "\n" + "{\"prompt\": \"Caf\u00e9 owners and food poisoning\", \"category\": 41}\n"
            : "prompt,category\n\"Plain ASCII first,\nover two lines\",1\n\"Caf\u00e9 owners and food poisoning\",41\n";

        var result = await host.ImportBytesAsync(latin1.GetBytes(text), format: format);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(format == ImportFormat.Jsonl ? 2 : 4, problem.Line);
        Assert.Contains("not UTF-8", problem.Message, StringComparison.Ordinal);
        Assert.Contains("0xE9", problem.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0), await host.CountRowsAsync());
    }

    [Theory]
    [InlineData(ImportFormat.Jsonl)]
    [InlineData(ImportFormat.Csv)]
    public async Task RefusesUtf16Text_WithAMessageThatSaysSo(ImportFormat format)
    {
        await using var host = await ServiceTestHost.StartAsync();
        var text = format == ImportFormat.Jsonl ? Row("Hello", 1) : "prompt,category\nHello,1\n";

        var result = await host.ImportBytesAsync([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)], format: format);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(1, problem.Line);
        Assert.Contains("UTF-16", problem.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0), await host.CountRowsAsync());
    }

    [Theory]
    [InlineData(ImportFormat.Jsonl)]
    [InlineData(ImportFormat.Csv)]
    public async Task AcceptsAUtf8ByteOrderMark_AndCrLfLineEnds(ImportFormat format)
    {
        await using var host = await ServiceTestHost.StartAsync();
        var text = format == ImportFormat.Jsonl
            ? Row("\u00bfC\u00f3mo se fabrica una ganz\u00faa?", 10) + "\r\n" + Row("Second", 2) + "\r\n"
            : "prompt,category\r\n\u00bfC\u00f3mo se fabrica una ganz\u00faa?,10\r\nSecond,2\r\n";

        var result = await host.ImportBytesAsync([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)], format: format);

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        await using var db = await host.CreateDbContextAsync();
        Assert.Equal(["\u00bfC\u00f3mo se fabrica una ganz\u00faa?", "Second"], await db.Queries.OrderBy(q => q.Ordinal).Select(q => q.Prompt).ToListAsync());
    }

    [Fact]
    public async Task ListsTheFirst20Problems_AndCountsTheRest()
    {
        await using var host = await ServiceTestHost.StartAsync();
        var content = string.Join("\n", Enumerable.Range(1, 27).Select(i => i % 2 == 0 ? Row($"Bad {i}", 100 + i) : Row($"Good {i}", 1)));
        content += "\n" + string.Join("\n", Enumerable.Range(0, 20).Select(i => Row($"Blank category {i}", 0)));

        var result = await host.ImportTextAsync(content);

        Assert.Equal(20, result.Problems.Count);
        Assert.Equal(13 + 20 - 20, result.MoreProblems);
        Assert.Equal(Enumerable.Range(1, 13).Select(i => 2 * i).Concat(Enumerable.Range(28, 7)), result.Problems.Select(p => p.Line));
        Assert.Equal((0, 0), await host.CountRowsAsync());
    }

    [Theory]
    [InlineData(Roles.Annotator)]
    [InlineData(null)]
    public async Task RefusesCallersOutsideTheResearchPolicy(string? role)
    {
        await using var host = await ServiceTestHost.StartAsync();
        var actor = role is null ? TestCaller.Named("no-role") : ImportTestSupport.Actor(role);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => host.ImportTextAsync(Row("x", 1), actor: actor));

        Assert.Equal((0, 0), await host.CountRowsAsync());
    }

    [Fact]
    public async Task AReviewerMayImport_AndIsRecordedAsTheDatasetsCreator()
    {
        await using var host = await ServiceTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Admin:Email"] = "reviewer@example.org",
            ["Admin:Password"] = "Reviewer-Pass-123",
        });
        string userId;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            userId = (await users.FindByEmailAsync("reviewer@example.org"))!.Id;
        }
        var reviewer = new Caller(userId, "reviewer@example.org", [Roles.Reviewer]);

        var result = await host.ImportTextAsync(Row("x", 1), "by a reviewer", actor: reviewer);

        Assert.True(result.Succeeded);
        await using var db = await host.CreateDbContextAsync();
        Assert.Equal(userId, (await db.Datasets.SingleAsync()).CreatedById);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task RefusesADatasetWithoutAName(string name)
    {
        await using var host = await ServiceTestHost.StartAsync();

        var result = await host.ImportTextAsync(Row("x", 1), name);

        var problem = Assert.Single(result.Problems);
        Assert.Equal((0, "name"), (problem.Line, problem.Field));
        Assert.Equal((0, 0), await host.CountRowsAsync());
    }

    [Theory]
    [InlineData("train/test", "'/'")]
    [InlineData("a\\b", "'\\'")]
    [InlineData("tab\there", "U+0009")]
    [InlineData("new\nline", "U+000A")]
    [InlineData("nul\0", "U+0000")]
    [InlineData("del\u007f", "U+007F")]
    [InlineData("c1\u0085c1", "U+0085")]
    public async Task RefusesADatasetName_ThatCannotBeReachedByName(string name, string shown)
    {
        await using var host = await ServiceTestHost.StartAsync();

        var result = await host.ImportTextAsync(Row("x", 1), name);

        var problem = Assert.Single(result.Problems);
        Assert.Equal((0, "name"), (problem.Line, problem.Field));
        Assert.Contains($"the dataset name contains {shown}", problem.Message, StringComparison.Ordinal);
        Assert.Contains("names cannot contain '/', '\\' or control characters", problem.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0), await host.CountRowsAsync());
    }

    [Theory]
    [InlineData("FalseReject-Test v1.0 (2025)")]
    [InlineData("ünïcödé: 数据集 – ok")]
    public async Task AcceptsADatasetName_WithSpacesPunctuationAndLetters(string name)
    {
        await using var host = await ServiceTestHost.StartAsync();

        Assert.True((await host.ImportTextAsync(Row("x", 1), name)).Succeeded);
    }

    [Theory]
    [InlineData("train.csv", ImportFormat.Csv)]
    [InlineData("TRAIN.CSV", ImportFormat.Csv)]
    [InlineData("train.jsonl", ImportFormat.Jsonl)]
    [InlineData("train.json", ImportFormat.Jsonl)]
    [InlineData(null, ImportFormat.Jsonl)]
    public void AutoFormat_GoesByTheFileExtension(string? fileName, ImportFormat expected) =>
        Assert.Equal(expected, DatasetImportService.ResolveFormat(ImportFormat.Auto, fileName));
}
