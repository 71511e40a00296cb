using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Runs;
using static FalseReject.Web.Tests.Runs.RunTestData;

namespace FalseReject.Web.Tests.Runs;

public sealed class RunImportServiceTests : IAsyncLifetime
{
    private ServiceTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ServiceTestHost.StartAsync();
        await AddDatasetAsync(_host, "D", 5, i => i <= 3 ? 7 : 41);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<RunImportResult> ImportAsync(Stream file, string model = "Model X", string dataset = "D") =>
        await _host.AsAsync(Reviewer, () => _host.GetRequiredService<RunImportService>().ImportAsync(file, new RunImportRequest(dataset, model) { JudgeModel = "judge-1" }));

    private async Task<(int Runs, int Items, int Models)> CountRowsAsync()
    {
        await using var db = await _host.CreateDbContextAsync();
        return (await db.Runs.CountAsync(), await db.RunItems.CountAsync(), await db.Models.CountAsync());
    }

    [Fact]
    public async Task Import_StoresEveryLine_WithLabelsJudgeClassesAndUnjudgedKept()
    {
        var result = await ImportAsync(File(
            Line("P1", label: "direct refusal"),
            Line("  P2  ", judge: "Analysis... [[Safe Partial Compliance]]"),
            Line("P3", label: "Full Compliance", judge: "[[Direct Refusal]]"),
            "",
            Line("P4", judge: "The judge produced no verdict."),
            Line("P5", label: "Full Compliance", response: "")));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(5, result.Items);
        Assert.Equal(2, result.Unjudged);

        await using var db = await _host.CreateDbContextAsync();
        var items = await db.RunItems.Include(i => i.Query).OrderBy(i => i.Line).ToListAsync();
        Assert.Equal(["P1", "P2", "P3", "P4", "P5"], items.Select(i => i.Query!.Prompt));
        Assert.Equal([1, 2, 3, 5, 6], items.Select(i => i.Line));
        Assert.Equal<ResponseClass?[]>(
            [ResponseClass.DirectRefusal, ResponseClass.SafePartialCompliance, ResponseClass.FullCompliance, null, null],
            [.. items.Select(i => i.Class)]);
        Assert.Equal([7, 7, 7, 41, 41], items.Select(i => i.CategoryId));
        Assert.Equal("The judge produced no verdict.", items[3].JudgeOutput);
        var run = await db.Runs.Include(r => r.Model).SingleAsync();
        Assert.Equal("Model X", run.Model!.Name);
        Assert.Equal("judge-1", run.JudgeModel);
    }

    [Fact]
    public async Task Import_ReusesAnExistingModelByName()
    {
        Assert.True((await ImportAsync(File(Line("P1", "Direct Refusal")))).Succeeded);
        Assert.True((await ImportAsync(File(Line("P1", "Full Compliance")))).Succeeded);
        Assert.Equal((2, 2, 1), await CountRowsAsync());
    }

    [Fact]
    public async Task Import_ReportsProgressInBytes()
    {
        var file = File(Line("P1", "Direct Refusal"), Line("P2", "Direct Refusal"));
        var reports = new List<long>();
        var result = await _host.AsAsync(Reviewer, () => _host.GetRequiredService<RunImportService>().ImportAsync(file, new RunImportRequest("D", "M"), new SyncProgress(reports.Add)));
        Assert.True(result.Succeeded);
        Assert.Equal(file.Length, reports[^1]);
    }

    public static TheoryData<string, int, string?, string> BadFiles => new()
    {
        // file content (lines separated by \n), line, field, part of the message
        { "{\"prompt\":\"P1\",\"response\":\"a\"}\n{\"prompt\": \"P2\", \"response\": ", 2, null, "not valid JSON" },
        { "[\"P1\",\"a\"]", 1, null, "expected a JSON object, found an array" },
        { "{\"response\":\"a\"}", 1, "prompt", "is missing" },
        { "{\"prompt\":42,\"response\":\"a\"}", 1, "prompt", "must be a string, found a number" },
        { "{\"prompt\":\"   \",\"response\":\"a\"}", 1, "prompt", "is empty" },
        { "{\"prompt\":\"P1\",\"response\":\"a\"}\n{\"prompt\":\"Not in D\",\"response\":\"a\"}", 2, "prompt", "is not a prompt of the dataset 'D'" },
        { "{\"prompt\":\"P1\",\"response\":\"a\"}\n{\"prompt\":\"P2\",\"response\":\"a\"}\n{\"prompt\":\" P1\",\"response\":\"b\"}", 3, "prompt", "duplicate prompt: already on line 1" },
        { "{\"prompt\":\"P1\",\"response\":\"a\",\"label\":\"Refused\"}", 1, "label", "'Refused' is not a class" },
        { "{\"prompt\":\"P1\",\"response\":\"a\",\"label\":1}", 1, "label", "must be a string, found a number" },
        { "{\"prompt\":\"P1\",\"response\":{\"text\":\"a\"}}", 1, "response", "must be a string, found an object" },
        { "{\"prompt\":\"P1\"}", 1, "response", "is missing" },
        { "{\"prompt\":\"P1\",\"response\":\"a\",\"reasoning\":[\"x\"]}", 1, "reasoning", "must be a string, found an array" },
        { "{\"prompt\":\"P1\",\"response\":\"a\",\"judge_output\":true}", 1, "judge_output", "must be a string, found a boolean" },
        { "{\"prompt\":\"P1\",\"response\":\"a\"}\n\n{\"prompt\":\"P2\",\"response\":\"a\"} trailing", 3, null, "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Import_RejectsBadInput_NamingTheLineAndField_AndWritesNothing(string content, int line, string? field, string message)
    {
        var result = await ImportAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)));

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(line, error.Line);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"line {line}", error.ToString(), StringComparison.Ordinal);
        Assert.Equal((0, 0, 0), await CountRowsAsync());
    }

    [Fact]
    public async Task Import_IsStrictUtf8_RefusingUtf16AndBadBytesWithTheirLine_AndSkipsAUtf8ByteOrderMark()
    {
        var text = Line("P1", "Direct Refusal") + "\n" + Line("P2", "Direct Refusal") + "\n";
        var utf16 = await ImportAsync(new MemoryStream([.. System.Text.Encoding.Unicode.GetPreamble(), .. System.Text.Encoding.Unicode.GetBytes(text)]));
        Assert.Equal((1, null, "the file is UTF-16 text, not UTF-8: save it as UTF-8 and import it again."),
            (Assert.Single(utf16.Errors).Line, utf16.Errors[0].Field, utf16.Errors[0].Message));

        // Latin-1 "é" (0xE9) on line 2, where a lenient reader would put U+FFFD.
        byte[] latin1 = [.. System.Text.Encoding.UTF8.GetBytes(Line("P1") + "\n{\"prompt\":\"P2\",\"response\":\"caf"), 0xE9, .. "\"}\n"u8.ToArray()];
        var bad = await ImportAsync(new MemoryStream(latin1));
        Assert.Equal(2, Assert.Single(bad.Errors).Line);
        Assert.StartsWith("the file is not UTF-8 text (byte 0xE9 is not valid UTF-8 at position ", bad.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal((0, 0, 0), await CountRowsAsync());

        var withBom = await ImportAsync(new MemoryStream([0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(text)]));
        Assert.True(withBom.Succeeded, string.Join("; ", withBom.Errors));
        Assert.Equal(2, withBom.Items);
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("  ", null, null)]
    [InlineData("2025-05-13", "2025-05-13", null)]
    [InlineData("13/05/2025", null, "'13/05/2025' is not a date in the form yyyy-MM-dd.")]
    [InlineData("2025-13-01", null, "'2025-13-01' is not a date in the form yyyy-MM-dd.")]
    public void ReadRunDate_IsTheOneReadingOfARunDateTypedAsText(string? text, string? date, string? error)
    {
        var read = RunImportService.ReadRunDate(text);
        Assert.Equal(date is null ? null : DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), read.Value);
        Assert.Equal(error, read.Error?.Message);
        Assert.Equal(error is null ? null : "runDate", read.Error?.Field);
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("0.7", 0.7, null)]
    [InlineData("1e-1", 0.1, null)]
    [InlineData("0,7", null, "'0,7' is not a number (use a '.' for decimals, e.g. 0.7).")]
    [InlineData("warm", null, "'warm' is not a number (use a '.' for decimals, e.g. 0.7).")]
    public void ReadTemperature_IsTheOneReadingOfATemperatureTypedAsText(string? text, double? value, string? error)
    {
        var read = RunImportService.ReadTemperature(text);
        Assert.Equal(value, read.Value);
        Assert.Equal(error, read.Error?.Message);
    }

    [Fact]
    public async Task Import_RefusesAnInfiniteOrNegativeTemperature()
    {
        foreach (var t in new[] { -0.5, double.PositiveInfinity, double.NaN })
        {
            var result = await _host.AsAsync(Reviewer, () => _host.GetRequiredService<RunImportService>()
                .ImportAsync(File(Line("P1")), new RunImportRequest("D", "M") { Temperature = t }));
            Assert.Equal(("temperature", "The temperature must be a non-negative number."), (Assert.Single(result.Errors).Field, result.Errors[0].Message));
        }
        Assert.Equal((0, 0, 0), await CountRowsAsync());
    }

    [Fact]
    public async Task Import_ListsEveryBadLine_NotJustTheFirst()
    {
        var result = await ImportAsync(File(Line("P1", "Direct Refusal"), Line("nope"), Line("P2", "bad"), "{"));
        Assert.Equal([2, 3, 4], result.Errors.Select(e => e.Line));
        Assert.Equal((0, 0, 0), await CountRowsAsync());
    }

    [Fact]
    public async Task Import_RejectsAnEmptyFile()
    {
        var result = await ImportAsync(File("", "  "));
        Assert.Contains("no lines", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
        Assert.Equal((0, 0, 0), await CountRowsAsync());
    }

    [Fact]
    public async Task Import_RejectsAnUnknownDataset_AndAMissingModelName()
    {
        var noDataset = await ImportAsync(File(Line("P1")), dataset: "Nope");
        Assert.Equal("dataset", Assert.Single(noDataset.Errors).Field);
        var noModel = await ImportAsync(File(Line("P1")), model: "  ");
        Assert.Equal("model", Assert.Single(noModel.Errors).Field);
        Assert.Equal((0, 0, 0), await CountRowsAsync());
    }

    [Fact]
    public async Task Import_IsDenied_ToAnAnnotator()
    {
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            _host.AsAsync(Annotator, () => _host.GetRequiredService<RunImportService>().ImportAsync(File(Line("P1")), new RunImportRequest("D", "M"))));
        Assert.Equal((0, 0, 0), await CountRowsAsync());
    }

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
