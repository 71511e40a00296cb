using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Cli;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Tests.Cli;

namespace FalseReject.Web.Tests.Runs;

/// <summary><c>runs import</c> and <c>runs list</c> against a real store file (see <see cref="CliStoreTest"/>).</summary>
[Collection(CliCollection.Name)]
public sealed class RunCommandsTests() : CliStoreTest()
{
    private readonly string _runFile = Path.Combine(Path.GetTempPath(), $"run-{Guid.NewGuid():N}.jsonl");

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        File.Delete(_runFile);
    }

    private async Task AddDatasetAsync()
    {
        Assert.Equal(0, (await RunAsync("runs", "list")).Exit); // creates and migrates the store
        var options = new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={DatabasePath}").Options;
        await using var db = new AppDbContext(options);
        var dataset = new Dataset { Name = "Test split" };
        for (var i = 1; i <= 3; i++)
        {
            dataset.Queries.Add(new Query { Ordinal = i, Prompt = $"P{i}", PromptHash = RunTestData.Hash($"P{i}"), CategoryId = 41, SourceLine = i });
        }
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task RunsImport_StoresTheRun_ThatRunsListShows()
    {
        await AddDatasetAsync();
        await File.WriteAllLinesAsync(_runFile, [RunTestData.Line("P1", "Direct Refusal"), RunTestData.Line("P2", judge: "[[Full Compliance]]"), RunTestData.Line("P3", judge: "none")]);

        var (exit, output) = await RunAsync("runs", "import", _runFile, "--dataset", "Test split", "--model", "Model Q", "--open-weights", "--reasoning", "--judge", "gpt-4o", "--date", "2025-05-13");
        Assert.Equal(0, exit);
        Assert.Contains("3 responses (1 unjudged) of Model Q on Test split", output);

        (exit, output) = await RunAsync("runs", "list");
        Assert.Equal(0, exit);
        var line = output.Split('\n').Single(l => l.Contains("Model Q", StringComparison.Ordinal));
        Assert.Contains("2025-05-13", line);
        Assert.Contains("gpt-4o", line);
        Assert.Matches(@"\s3\s+1\s", line);

        var options = new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={DatabasePath}").Options;
        await using var db = new AppDbContext(options);
        var model = await db.Models.SingleAsync();
        Assert.True(model.OpenWeights);
        Assert.True(model.Reasoning);
    }

    [Fact]
    public async Task RunsImport_FailsWithExitCode1_AndWritesNothing_OnABadLine()
    {
        await AddDatasetAsync();
        await File.WriteAllLinesAsync(_runFile, [RunTestData.Line("P1", "Direct Refusal"), RunTestData.Line("P9", "Direct Refusal")]);
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            var (exit, _) = await RunAsync("runs", "import", _runFile, "--dataset", "Test split", "--model", "M");
            Assert.Equal(1, exit);
        }
        finally
        {
            Console.SetError(original);
        }
        Assert.Contains("line 2, prompt: 'P9' is not a prompt of the dataset 'Test split'", error.ToString());
        var (_, list) = await RunAsync("runs", "list");
        Assert.DoesNotContain(" M ", list);
    }

    [Fact]
    public async Task RunsImport_RefusesAnEscapedLoneSurrogate_NamingLineAndField_AndExitsWith1()
    {
        await AddDatasetAsync();
        await File.WriteAllLinesAsync(_runFile, [RunTestData.Line("P1", "Direct Refusal"), """{"prompt": "P2", "response": "Half a pair \udc00 here"}"""]);
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            var (exit, _) = await RunAsync("runs", "import", _runFile, "--dataset", "Test split", "--model", "M");
            Assert.Equal(1, exit);
        }
        finally
        {
            Console.SetError(original);
        }
        Assert.Contains("line 2, response: contains \\udc00, an escaped lone surrogate", error.ToString());
        var (_, list) = await RunAsync("runs", "list");
        Assert.DoesNotContain(" M ", list);
    }
    private async Task<(int Exit, string Error)> RunWithStandardErrorAsync(params string[] args)
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            var (exit, _) = await RunAsync(args);
            return (exit, error.ToString());
        }
        finally
        {
            Console.SetError(original);
        }
    }

    [Fact]
    public async Task RunsImport_IsStrictUtf8_LikeThePageAndTheApi()
    {
        await AddDatasetAsync();
        var text = RunTestData.Line("P1", "Direct Refusal") + "\n";
        await File.WriteAllBytesAsync(_runFile, [.. System.Text.Encoding.Unicode.GetPreamble(), .. System.Text.Encoding.Unicode.GetBytes(text)]);

        var (exit, error) = await RunWithStandardErrorAsync("runs", "import", _runFile, "--dataset", "Test split", "--model", "M");

        Assert.Equal(1, exit);
        Assert.Contains("line 1: the file is UTF-16 text, not UTF-8", error);
        var (_, list) = await RunAsync("runs", "list");
        Assert.DoesNotContain(" M ", list);
    }

    [Theory]
    [InlineData("--temperature", "0,7", "--temperature: '0,7' is not a number (use a '.' for decimals, e.g. 0.7).")]
    [InlineData("--date", "2025-13-01", "--date: '2025-13-01' is not a date in the form yyyy-MM-dd.")]
    public async Task RunsImport_ReadsTemperatureAndDate_WithTheServicesRules(string option, string value, string message)
    {
        await AddDatasetAsync();
        await File.WriteAllLinesAsync(_runFile, [RunTestData.Line("P1", "Direct Refusal")]);

        var (exit, error) = await RunWithStandardErrorAsync("runs", "import", _runFile, "--dataset", "Test split", "--model", "M", option, value);

        Assert.Equal(1, exit);
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task RunsImport_StoresATemperatureGivenAsText()
    {
        await AddDatasetAsync();
        await File.WriteAllLinesAsync(_runFile, [RunTestData.Line("P1", "Direct Refusal")]);

        Assert.Equal(0, (await RunAsync("runs", "import", _runFile, "--dataset", "Test split", "--model", "M", "--temperature", "0.7")).Exit);

        var options = new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={DatabasePath}").Options;
        await using var db = new AppDbContext(options);
        Assert.Equal(0.7, (await db.Runs.SingleAsync()).Temperature);
    }
}
