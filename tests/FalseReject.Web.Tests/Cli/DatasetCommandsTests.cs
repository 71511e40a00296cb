using System.Text.Json;
using FalseReject.Web.Cli;

namespace FalseReject.Web.Tests.Cli;

/// <summary><c>datasets import</c> and <c>datasets list</c> against a real store file.</summary>
[Collection(CliCollection.Name)]
public sealed class DatasetCommandsTests() : CliStoreTest()
{
    private readonly string _folder = Directory.CreateTempSubdirectory("falsereject-cli-files-").FullName;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Directory.Delete(_folder, recursive: true);
    }

    private string WriteFile(string name, params string[] lines)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    private static string Row(string prompt, int category, bool responses = false) =>
        JsonSerializer.Serialize(responses
            ? new { prompt, category, instruct_response = "Four parts.", cot_response = new { reasoning_content = "Why.", solution = "Four parts." } }
            : (object)new { prompt, category });

    [Fact]
    public async Task DatasetsImport_CreatesThenAppends_AndDatasetsListShowsTheCounts()
    {
        var first = WriteFile("first.jsonl", Row("One", 1, responses: true), Row("Two", 2), Row("Three", 3));
        var (exit, output) = await RunAsync("datasets", "import", first, "--name", "CLI set", "--description", "From the CLI");
        Assert.Equal(0, exit);
        Assert.Contains("Imported 3 queries into the new dataset 'CLI set' (created); 0 duplicate prompts skipped.", output);

        var second = WriteFile("second.csv", "prompt,category_text", "Four,Others", "Two,Social-group Insulting Words");
        (exit, output) = await RunAsync("datasets", "import", second, "--name", "CLI set");
        Assert.Equal(0, exit);
        Assert.Contains("Imported 1 queries into the existing dataset 'CLI set' (appended); 1 duplicate prompts skipped.", output);
        Assert.Contains("  line 3 repeats query #1 already in the dataset", output);

        (exit, output) = await RunAsync("datasets", "list");
        Assert.Equal(0, exit);
        var line = output.Split('\n').Single(l => l.StartsWith("CLI set", StringComparison.Ordinal));
        Assert.Matches(@"^CLI set\s+4\s+1\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$", line.TrimEnd());
    }

    [Fact]
    public async Task DatasetsImport_ReportsNearDuplicates_AndFoldsCase_WithIgnoreCase()
    {
        var file = WriteFile("variants.jsonl", Row("Cafe\u0301 owners and food poisoning", 41), Row("Caf\u00e9  owners and food\u200B poisoning", 41),
            Row("CAF\u00c9 OWNERS AND FOOD POISONING", 41));

        var (exit, output) = await RunAsync("datasets", "import", file, "--name", "Variants");
        Assert.Equal(0, exit);
        Assert.Contains("Imported 2 queries into the new dataset 'Variants' (created); 1 duplicate prompts skipped.", output);
        Assert.Contains("  line 2 repeats line 1", output);

        (exit, output) = await RunAsync("datasets", "import", file, "--name", "Variants folded", "--ignore-case");
        Assert.Equal(0, exit);
        Assert.Contains("Imported 1 queries into the new dataset 'Variants folded' (created); 2 duplicate prompts skipped (case ignored).", output);
        Assert.Contains("  line 2 repeats line 1", output);
        Assert.Contains("  line 3 repeats line 1", output);
    }

    [Fact]
    public async Task DatasetsImport_PrintsTheProblems_AndExitsWith1_WritingNothing()
    {
        var bad = WriteFile("bad.jsonl",
            [Row("Fine", 1), "not json", .. Enumerable.Range(0, 25).Select(i => Row($"Bad {i}", 50 + i))]);

        var (exit, output) = await RunAsync("datasets", "import", bad, "--name", "Broken");

        Assert.Equal(1, exit);
        Assert.Contains("Nothing was imported into 'Broken'", output);
        Assert.Contains("line 2: invalid JSON", output);
        Assert.Contains("line 3, category: unknown category id 50: ids run from 1 to 46.", output);
        Assert.Contains("and 6 more.", output);
        (_, output) = await RunAsync("datasets", "list");
        Assert.DoesNotContain("Broken", output);
    }

    [Fact]
    public async Task DatasetsImport_HonoursAnExplicitFormat()
    {
        var csvNamedTxt = WriteFile("queries.txt", "prompt,category", "\"Multi\nline\",5");
        var (exit, output) = await RunAsync("datasets", "import", csvNamedTxt, "--name", "From txt", "--format", "csv");
        Assert.Equal(0, exit);
        Assert.Contains("Imported 1 queries", output);
    }

    [Fact]
    public async Task DatasetsImport_RequiresANameAndAnExistingFile()
    {
        var file = WriteFile("ok.jsonl", Row("One", 1));
        Assert.NotEqual(0, (await RunAsync("datasets", "import", file)).Exit);
        Assert.Equal(1, (await RunAsync("datasets", "import", Path.Combine(_folder, "missing.jsonl"), "--name", "x")).Exit);
    }

    [Fact]
    public async Task DatasetsImport_RefusesAnEscapedLoneSurrogate_NamingLineAndField_AndExitsWith1()
    {
        var bad = WriteFile("surrogate.jsonl", Row("Fine", 1), """{"prompt": "Half a pair \ud800 here", "category": 2}""");

        var (exit, output) = await RunAsync("datasets", "import", bad, "--name", "Surrogate");

        Assert.Equal(1, exit);
        Assert.Contains("Nothing was imported into 'Surrogate'", output);
        Assert.Contains("line 2, prompt: contains \\ud800, an escaped lone surrogate", output);
        (_, output) = await RunAsync("datasets", "list");
        Assert.DoesNotContain("Surrogate", output);
    }

    [Fact]
    public async Task DatasetsImport_RefusesANameWithASlash_AndExitsWith1()
    {
        var file = WriteFile("ok.jsonl", Row("One", 1));

        var (exit, output) = await RunAsync("datasets", "import", file, "--name", "train/test");

        Assert.Equal(1, exit);
        Assert.Contains("file, name: the dataset name contains '/'", output);
        (_, output) = await RunAsync("datasets", "list");
        Assert.DoesNotContain("train/test", output);
    }
}
