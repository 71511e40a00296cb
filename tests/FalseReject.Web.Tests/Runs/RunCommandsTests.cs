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
}
