using System.Globalization;
using System.Text;
using System.Text.Json;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;
using FalseReject.Web.Features.Datasets.Export;
using FalseReject.Web.Features.Datasets.Import;
using FalseReject.Web.Security;
using FalseReject.Web.Statistics;

namespace FalseReject.Web.Tests.Datasets.Export;

/// <summary>DatasetExportService on a real SQLite store built by hand (<see cref="ExportTestStore"/>).</summary>
public sealed class DatasetExportServiceTests : IAsyncLifetime
{
    private ServiceTestHost _host = null!;
    private DatasetExportService _exports = null!;
    private DatasetExportTarget _dataset = null!;

    public async Task InitializeAsync()
    {
        _host = await ServiceTestHost.StartAsync();
        await ExportTestStore.SeedAsync(_host);
        _exports = _host.GetRequiredService<DatasetExportService>();
        _dataset = (await _host.AsAsync(ExportTestStore.Reviewer, () => _exports.FindAsync(ExportTestStore.DatasetName)))!;
        Assert.NotNull(_dataset);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(string Text, int Rows)> ExportAsync(ExportKind kind, ExportFormat format, bool csvRaw = false)
    {
        using var stream = new AsyncOnlyStream();
        var rows = await _host.AsAsync(ExportTestStore.Reviewer, () => _exports.WriteAsync(_dataset, kind, format, stream, csvRaw));
        return (Encoding.UTF8.GetString(stream.ToArray()), rows);
    }

    private static List<JsonElement> Lines(string jsonl) =>
        [.. jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement)];

    [Fact]
    public async Task VerifiedBenignJsonl_HasExactlyPromptCategoryCategoryText_InOrder_ForTheSettledSafeQueriesOnly()
    {
        var (text, rows) = await ExportAsync(ExportKind.VerifiedBenign, ExportFormat.Jsonl);

        var lines = Lines(text);
        Assert.Equal(4, rows);
        Assert.Equal(ExportTestStore.VerifiedBenign.Select(q => q.Prompt), lines.Select(l => l.GetProperty("prompt").GetString()));
        foreach (var (line, query) in lines.Zip(ExportTestStore.VerifiedBenign))
        {
            Assert.Equal(["prompt", "category", "category_text"], line.EnumerateObject().Select(p => p.Name));
            Assert.Equal(JsonValueKind.Number, line.GetProperty("category").ValueKind);
            Assert.Equal(query.Category, line.GetProperty("category").GetInt32());
            Assert.Equal(FalseReject.Web.Data.CategoryCatalog.NameOf(query.Category), line.GetProperty("category_text").GetString());
        }
    }

    [Fact]
    public async Task VerifiedBenignCsv_HasTheHeaderPromptCategoryCategoryText_AndOneRecordPerSettledSafeQuery()
    {
        var (text, rows) = await ExportAsync(ExportKind.VerifiedBenign, ExportFormat.Csv);

        Assert.Equal(4, rows);
        Assert.StartsWith("prompt,category,category_text\r\n", text, StringComparison.Ordinal);
        Assert.StartsWith("\"He said \"\"open it\"\", then left: how do locksmiths open a door when the owner is locked out?\",10,Property Crimes\r\n",
            text["prompt,category,category_text\r\n".Length..], StringComparison.Ordinal);
        Assert.DoesNotContain("Wie öffnet", text, StringComparison.Ordinal); // open/disputed/unsafe queries are left out
        Assert.DoesNotContain("wild mushrooms", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FullJsonl_CarriesStatusGoldLabelProvenanceVoteCountsAgreementAndTheGoldRubric()
    {
        var (text, rows) = await ExportAsync(ExportKind.Full, ExportFormat.Jsonl);

        var lines = Lines(text);
        Assert.Equal(8, rows);
        Assert.Equal(ExportTestStore.Queries.Select(q => q.Prompt), lines.Select(l => l.GetProperty("prompt").GetString()));
        static string? S(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();
        static double? D(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetDouble();
        static int[] Votes(JsonElement e) => [e.GetProperty("votes_safe").GetInt32(), e.GetProperty("votes_unsafe").GetInt32(), e.GetProperty("votes_unsure").GetInt32(), e.GetProperty("votes_total").GetInt32()];

        // 0: unanimous Safe, settled automatically (no reviewer), with responses and a settled response review.
        Assert.Equal(("settled", "safe", "unanimous", "2026-11-30T10:15:30.250Z", (string?)null), (S(lines[0], "status"), S(lines[0], "gold_label"), S(lines[0], "settlement_kind"), S(lines[0], "settled_at"), S(lines[0], "settled_by")));
        Assert.Equal([3, 0, 0, 3], Votes(lines[0]));
        Assert.Equal(1.0, D(lines[0], "agreement"));
        Assert.Equal("I understand there are different contexts here.\nFirst, \"the safe one\".", S(lines[0], "instruct_response"));
        Assert.Equal("Call a licensed locksmith.", lines[0].GetProperty("cot_response").GetProperty("solution").GetString());
        Assert.Equal("settled", S(lines[0], "response_review_status"));
        Assert.Equal(4, lines[0].GetProperty("gold_rubric").GetProperty("instruct").GetProperty("helpfulness").GetInt32());

        // 1: adjudicated Safe by the reviewer, with the note; one of the three votes unsure.
        Assert.Equal(("settled", "safe", "adjudicated", ExportTestStore.ReviewerDisplayName, ExportTestStore.AdjudicationNote),
            (S(lines[1], "status"), S(lines[1], "gold_label"), S(lines[1], "settlement_kind"), S(lines[1], "settled_by"), S(lines[1], "adjudication_note")));
        Assert.Equal([2, 1, 1, 3], Votes(lines[1]));
        Assert.Equal(("ambiguous_query", "high"), (S(lines[1], "adjudication_reason"), S(lines[1], "adjudication_confidence")));
        Assert.Null(S(lines[0], "adjudication_reason"));
        Assert.Equal(1.0 / 3, D(lines[1], "agreement")!.Value, 12);
        Assert.Equal(JsonValueKind.Null, lines[1].GetProperty("cot_response").ValueKind);
        Assert.Null(S(lines[1], "response_review_status"));

        // 2: adjudicated Unsafe. 3: disputed, no gold. 4: open, one vote. 5: majority Safe. 7: open, no votes.
        Assert.Equal(("settled", "unsafe", "adjudicated"), (S(lines[2], "status"), S(lines[2], "gold_label"), S(lines[2], "settlement_kind")));
        Assert.Equal([1, 2, 0, 3], Votes(lines[2]));
        Assert.Equal(("disputed", (string?)null, (string?)null, (string?)null), (S(lines[3], "status"), S(lines[3], "gold_label"), S(lines[3], "settlement_kind"), S(lines[3], "settled_at")));
        Assert.Equal([1, 1, 0, 2], Votes(lines[3]));
        Assert.Equal(0.0, D(lines[3], "agreement"));
        Assert.Equal(("open", (string?)null), (S(lines[4], "status"), S(lines[4], "gold_label")));
        Assert.Equal([1, 0, 0, 1], Votes(lines[4]));
        Assert.Null(D(lines[4], "agreement"));
        Assert.Equal(("settled", "safe", "majority", ExportTestStore.ReviewerDisplayName), (S(lines[5], "status"), S(lines[5], "gold_label"), S(lines[5], "settlement_kind"), S(lines[5], "settled_by")));
        Assert.Equal([0, 0, 0, 0], Votes(lines[7]));
        Assert.Null(D(lines[7], "agreement"));
        Assert.Equal(JsonValueKind.Null, lines[7].GetProperty("gold_rubric").ValueKind);
    }

    [Fact]
    public async Task FullCsv_HasTheDocumentedHeader_AndTheSameCountsAsJsonl()
    {
        var (text, rows) = await ExportAsync(ExportKind.Full, ExportFormat.Csv);

        Assert.Equal(8, rows);
        Assert.StartsWith(
            "prompt,category,category_text,instruct_response,cot_reasoning,cot_solution,status,gold_label,settlement_kind,settled_at,settled_by," +
            "adjudication_reason,adjudication_confidence,adjudication_note,votes_safe,votes_unsafe,votes_unsure,votes_total,agreement," +
            "response_review_status,gold_rubric\r\n", text, StringComparison.Ordinal);
        Assert.Contains($",settled,safe,adjudicated,2026-11-30T10:15:30.250Z,{ExportTestStore.ReviewerDisplayName},ambiguous_query,high,\"A locksmith's question, \"\"benign\"\"; nothing operational.\",2,1,1,3,{(1.0 / 3).ToString("R", CultureInfo.InvariantCulture)},,\r\n",
            text, StringComparison.Ordinal);
    }

    /// <summary>A dataset of formula-looking prompts (and a negative number), imported as the admin; returns its export target.</summary>
    private async Task<DatasetExportTarget> FormulaDatasetAsync()
    {
        const string Name = "formulas";
        var jsonl = string.Join("\n", FormulaPrompts.Select(p => JsonSerializer.Serialize(new { prompt = p, category = 13 }))) + "\n";
        var imported = await _host.ImportTextAsync(jsonl, Name);
        Assert.True(imported.Succeeded, string.Join("; ", imported.Problems));
        return (await _host.AsAsync(ExportTestStore.Reviewer, () => _exports.FindAsync(Name)))!;
    }

    // The importer trims prompts, so a leading tab or CR cannot reach a prompt: SafeCsvTests covers those.
    private static readonly string[] FormulaPrompts = ["=1+1", "+1 is positive", "-2 is negative", "@SUM(A1:A2)", "plain, =not at the start"];

    private async Task<string> ExportCsvAsync(DatasetExportTarget target, ExportKind kind, bool? raw = null)
    {
        using var stream = new AsyncOnlyStream();
        await _host.AsAsync(ExportTestStore.Reviewer, () => raw is { } r
            ? _exports.WriteAsync(target, kind, ExportFormat.Csv, stream, csvRaw: r)
            : _exports.WriteAsync(target, kind, ExportFormat.Csv, stream));
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Theory]
    [InlineData(ExportKind.Full)]
    [InlineData(ExportKind.VerifiedBenign)]
    public async Task Csv_EscapesCellsThatStartLikeAFormula_WithASingleQuote_ByDefault(ExportKind kind)
    {
        var target = await FormulaDatasetAsync();
        await SettleEverythingSafeAsync(target.Id);

        var lines = (await ExportCsvAsync(target, kind)).Split("\r\n");

        Assert.StartsWith("\"'=1+1\",13,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("\"'+1 is positive\",13,", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("\"'-2 is negative\",13,", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("\"'@SUM(A1:A2)\",13,", lines[4], StringComparison.Ordinal);
        Assert.StartsWith("\"plain, =not at the start\",13,", lines[5], StringComparison.Ordinal);
        Assert.Equal(lines, (await ExportCsvAsync(target, kind, raw: false)).Split("\r\n"));
    }

    [Theory]
    [InlineData(ExportKind.Full)]
    [InlineData(ExportKind.VerifiedBenign)]
    public async Task Csv_WritesEveryCellExactly_WhenRawIsAskedFor(ExportKind kind)
    {
        var target = await FormulaDatasetAsync();
        await SettleEverythingSafeAsync(target.Id);

        var lines = (await ExportCsvAsync(target, kind, raw: true)).Split("\r\n");

        Assert.Equal(["=1+1", "+1 is positive", "-2 is negative", "@SUM(A1:A2)"], lines[1..5].Select(l => l.Split(',')[0]));
        Assert.StartsWith("=1+1,13,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jsonl_IsTheSame_WhateverTheCsvOption()
    {
        async Task<string> Jsonl(bool raw)
        {
            using var stream = new AsyncOnlyStream();
            await _host.AsAsync(ExportTestStore.Reviewer, () => _exports.WriteAsync(_dataset, ExportKind.Full, ExportFormat.Jsonl, stream, csvRaw: raw));
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        var escaped = await Jsonl(raw: false);
        Assert.Equal(escaped, await Jsonl(raw: true));
        Assert.Contains("\"prompt\":\"=HYPERLINK(", escaped, StringComparison.Ordinal);
    }

    /// <summary>Settles every query-label item of the dataset Safe (unanimous), so that the verified-benign export holds them all.</summary>
    private async Task SettleEverythingSafeAsync(int datasetId)
    {
        await _host.GetRequiredService<IAnnotationQueueStore>().EnsureItemsAsync(datasetId);
        await using var db = await _host.CreateDbContextAsync();
        foreach (var item in db.AnnotationItems.Where(i => i.DatasetId == datasetId && i.TaskType == AnnotationTaskType.QueryLabel))
        {
            item.Status = AnnotationItemStatus.Settled;
            item.GoldLabel = QueryLabel.Safe;
            item.SettlementKind = SettlementKind.Unanimous;
        }
        await db.SaveChangesAsync();
    }

    [Theory]
    [InlineData(ExportKind.VerifiedBenign, ExportFormat.Jsonl)]
    [InlineData(ExportKind.VerifiedBenign, ExportFormat.Csv)]
    [InlineData(ExportKind.Full, ExportFormat.Jsonl)]
    [InlineData(ExportKind.Full, ExportFormat.Csv)]
    public async Task ExportThenImport_GivesTheSameQueries(ExportKind kind, ExportFormat format)
    {
        // CSV only with raw cells: escaped, the formula-looking prompt would come back with its quote.
        var (text, _) = await ExportAsync(kind, format, csvRaw: true);
        var name = $"re-imported {kind} {format}";

        var result = await _host.ImportTextAsync(text, name, format == ExportFormat.Csv ? ImportFormat.Csv : ImportFormat.Jsonl);

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Equal(0, result.DuplicatesSkipped);
        var reimported = await ExportTestStore.QueriesOfAsync(_host, name);
        if (kind == ExportKind.VerifiedBenign)
        {
            Assert.Equal(ExportTestStore.VerifiedBenign.Select(q => (q.Prompt, q.Category)), reimported.Select(q => (q.Prompt, q.Category)));
            Assert.All(reimported, q => Assert.Null(q.Instruct ?? q.CotReasoning ?? q.CotSolution));
        }
        else
        {
            // The full export carries the structured responses too, so the queries come back whole.
            Assert.Equal(ExportTestStore.Queries, reimported);
        }
    }

    [Fact]
    public void FullExport_AgreementIsTheStatisticsPerItemScore()
    {
        // Items as label matrices (Safe = 0, Unsafe = 1): the export's score from counts must equal Agreement.PerItem.
        int?[,] labels =
        {
            { 0, 0, 0, null }, { 0, 1, 0, null }, { 0, 1, 1, 1 }, { 0, 1, null, null }, { 0, null, null, null }, { 1, 1, 0, 0 },
        };
        var expected = Agreement.PerItem(RatingTable.FromMatrix(labels));

        for (var item = 0; item < labels.GetLength(0); item++)
        {
            int safe = 0, @unsafe = 0;
            for (var rater = 0; rater < labels.GetLength(1); rater++)
            {
                safe += labels[item, rater] == 0 ? 1 : 0;
                @unsafe += labels[item, rater] == 1 ? 1 : 0;
            }
            Assert.Equal(expected[item], FullExportRow.PairAgreement(safe, @unsafe));
        }
    }

    [Fact]
    public async Task Annotator_IsRefused_ByEveryEntryPoint()
    {
        var annotator = ExportTestStore.Actor(Roles.Annotator);
        using var stream = new MemoryStream();

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _host.AsAsync(annotator, () => _exports.FindAsync(ExportTestStore.DatasetName)));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _host.AsAsync(annotator, () => _exports.FindAsync(_dataset.Id)));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _host.AsAsync(annotator, () => _exports.WriteAsync(_dataset, ExportKind.Full, ExportFormat.Jsonl, stream)));
        _host.SignInAs(annotator);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(async () =>
        {
            await foreach (var _ in _exports.ReadFullAsync(_dataset.Id))
            {
            }
        });
        _host.SignOut();
        await Assert.ThrowsAsync<UnauthorizedAccessException>(async () =>
        {
            await foreach (var _ in _exports.ReadVerifiedBenignAsync(_dataset.Id))
            {
            }
        });
        Assert.Equal(0, stream.Length);
    }

    [Theory]
    [InlineData(Roles.Reviewer)]
    [InlineData(Roles.Admin)]
    public async Task ReviewerAndAdmin_MayExport(string role)
    {
        var rows = new List<VerifiedBenignRow>();
        _host.SignInAs(ExportTestStore.Actor(role));
        await foreach (var row in _exports.ReadVerifiedBenignAsync(_dataset.Id))
        {
            rows.Add(row);
        }
        Assert.Equal(4, rows.Count);
    }

    [Fact]
    public async Task UnknownDataset_IsNull()
    {
        Assert.Null(await _host.AsAsync(ExportTestStore.Reviewer, () => _exports.FindAsync("no such dataset")));
        Assert.Null(await _host.AsAsync(ExportTestStore.Reviewer, () => _exports.FindAsync(987654)));
    }

    [Theory]
    [InlineData("jsonl", ExportFormat.Jsonl)]
    [InlineData("CSV", ExportFormat.Csv)]
    [InlineData(null, ExportFormat.Jsonl)]
    [InlineData("xml", null)]
    public void ParseFormat_AcceptsJsonlAndCsv_CaseInsensitively(string? text, ExportFormat? expected) =>
        Assert.Equal(expected, ExportNames.ParseFormat(text));

    [Theory]
    [InlineData("full", ExportKind.Full)]
    [InlineData("verified-benign", ExportKind.VerifiedBenign)]
    [InlineData("", ExportKind.Full)]
    [InlineData("benign", null)]
    public void ParseKind_AcceptsFullAndVerifiedBenign(string? text, ExportKind? expected) =>
        Assert.Equal(expected, ExportNames.ParseKind(text));

    [Fact]
    public void FileName_KeepsOnlySafeCharacters()
    {
        Assert.Equal("FalseReject-test-v2-verified-benign.csv", new DatasetExportTarget(1, "FalseReject test/v2").FileName(ExportKind.VerifiedBenign, ExportFormat.Csv));
        Assert.Equal("dataset-full.jsonl", new DatasetExportTarget(1, "日本").FileName(ExportKind.Full, ExportFormat.Jsonl));
    }

    /// <summary>A destination that, like an HTTP response body, refuses synchronous writes.</summary>
    private sealed class AsyncOnlyStream : Stream
    {
        private readonly MemoryStream _written = new();

        public byte[] ToArray() => _written.ToArray();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _written.Length;

        public override long Position { get => _written.Position; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous writes are not allowed.");

        public override void Flush() => throw new InvalidOperationException("Synchronous flushes are not allowed.");

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _written.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _written.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
