using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Agreement;
using FalseReject.Web.Features.Datasets.Export;
using FalseReject.Web.Features.Review;
using FalseReject.Web.Security;
using FalseReject.Web.Tests.Review;
using static FalseReject.Web.Tests.Annotation.AnnotationTestBed;

namespace FalseReject.Web.Tests.Annotation;

/// <summary>
/// Nobody sees the votes of an item they may still be asked to annotate: a reviewer who also
/// annotates the dataset sees none of the votes of its Open items on the review item, the agreement
/// pages or the full export, and all of them once the item is disputed or settled; a reviewer who
/// does not annotate it (no Annotator role, or kept off by the allow-list) sees them all along.
/// </summary>
public sealed class VoteVisibilityTests : IAsyncLifetime
{
    private const string DatasetName = "vote visibility";
    private const string Secret = "vote-visibility-first-annotator-note-3f1a";

    private AnnotationTestBed _bed = null!;
    private int _dataset;
    private long _item;
    private Annotator _b = null!;
    private Caller _reviewerWhoAnnotates = null!;
    private Caller _reviewer = null!;
    private ReviewService _reviewerService = null!;

    public async Task InitializeAsync()
    {
        _bed = await StartAsync();
        _dataset = await _bed.AddDatasetAsync(1, name: DatasetName, settings: new AnnotationSettings { VotesPerItem = 2 });
        var a = await _bed.AddAnnotatorAsync("ann-a");
        _b = await _bed.AddAnnotatorAsync("ann-b");
        _item = (await a.Service.NextAsync(_dataset, AnnotationTaskType.QueryLabel, null))!.ItemId;
        Assert.True((await a.Service.SubmitAsync(_item, Unsafe(Secret))).Succeeded);

        var (reviewerWhoAnnotatesId, _) = await _bed.AddReviewerAsync("rev-ann");
        _reviewerWhoAnnotates = new Caller(reviewerWhoAnnotatesId, "rev-ann@tests.falsereject.local", [Roles.Reviewer, Roles.Annotator]);
        var (reviewerId, reviewerService) = await _bed.AddReviewerAsync("rev");
        _reviewer = new Caller(reviewerId, "rev@tests.falsereject.local", [Roles.Reviewer]);
        _reviewerService = reviewerService;
    }

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    /// <summary>What <paramref name="who"/> gets about the item from the review item, the agreement page and items, and the full export (JSONL).</summary>
    private sealed record Seen(AdjudicationItemView? ReviewItem, string? ReviewRefusal, AgreementItemRow? AgreementItem, QueryLabelAgreement? Agreement, JsonElement Export);

    private async Task<Seen> SeenByAsync(Caller who)
    {
        AdjudicationItemView? reviewItem = null;
        string? refusal = null;
        try
        {
            reviewItem = await _bed.ReviewServiceFor(who.AccountId, who.Name, [.. who.Roles]).GetItemAsync(_item);
        }
        catch (UnauthorizedAccessException ex)
        {
            refusal = ex.Message;
        }
        var agreement = _bed.Host.GetRequiredService<AgreementService>();
        var items = await _bed.Host.AsAsync(who, () => agreement.GetItemsAsync(new AgreementItemsFilter(DatasetName)));
        var page = await _bed.Host.AsAsync(who, () => agreement.GetAsync(DatasetName));
        var exports = _bed.Host.GetRequiredService<DatasetExportService>();
        using var file = new MemoryStream();
        await _bed.Host.AsAsync(who, () => exports.WriteAsync(new DatasetExportTarget(_dataset, DatasetName), ExportKind.Full, ExportFormat.Jsonl, file));
        var line = Assert.Single(Encoding.UTF8.GetString(file.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        return new Seen(reviewItem, refusal, items.Items.SingleOrDefault(i => i.ItemId == _item), page.Labels, JsonDocument.Parse(line).RootElement.Clone());
    }

    private static int? Number(JsonElement row, string field) =>
        row.GetProperty(field).ValueKind == JsonValueKind.Null ? null : row.GetProperty(field).GetInt32();

    private static (int? Safe, int? Unsafe, int? Unsure, int? Total) Votes(JsonElement row) =>
        (Number(row, "votes_safe"), Number(row, "votes_unsafe"), Number(row, "votes_unsure"), Number(row, "votes_total"));

    [Fact]
    public async Task AReviewerWhoAnnotates_SeesNoVoteOfAnOpenItem_OnTheReviewItem_TheAgreementPages_OrTheFullExport()
    {
        var seen = await SeenByAsync(_reviewerWhoAnnotates);

        Assert.Null(seen.ReviewItem);
        Assert.Contains("still collecting votes", seen.ReviewRefusal, StringComparison.Ordinal);
        Assert.Null(seen.AgreementItem);
        Assert.Null(seen.Agreement);
        Assert.Equal("open", seen.Export.GetProperty("status").GetString());
        Assert.Equal((null, null, null, null), Votes(seen.Export));
        Assert.Equal(JsonValueKind.Null, seen.Export.GetProperty("agreement").ValueKind);
        Assert.DoesNotContain(Secret, seen.Export.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReviewerWhoDoesNotAnnotate_SeesTheVotesOfOpenItems()
    {
        var seen = await SeenByAsync(_reviewer);

        var vote = Assert.Single(seen.ReviewItem!.Votes);
        Assert.Equal((QueryLabel.Unsafe, Secret), (vote.Label, vote.Comment));
        Assert.Equal(AnnotationItemStatus.Open, seen.ReviewItem.Status);
        Assert.Equal("Unsafe", Assert.Single(seen.AgreementItem!.Votes).Answer);
        Assert.Equal(1, seen.Agreement!.Votes);
        Assert.Equal((0, 1, 0, 1), Votes(seen.Export));
    }

    [Fact]
    public async Task AReviewerWhoAnnotates_SeesEveryVote_OnceTheItemIsDisputed_AndOnceItIsSettled()
    {
        Assert.True((await _b.Service.SubmitAsync((await _b.Service.NextAsync(_dataset, AnnotationTaskType.QueryLabel, null))!.ItemId, Safe())).Succeeded);
        Assert.Equal(AnnotationItemStatus.Disputed, Assert.Single(await _bed.ItemsAsync(_dataset)).Status);

        var disputed = await SeenByAsync(_reviewerWhoAnnotates);
        Assert.Null(disputed.ReviewRefusal);
        Assert.Equal([Secret, null], disputed.ReviewItem!.Votes.Select(v => v.Comment));
        Assert.Equal(2, disputed.AgreementItem!.Votes.Count);
        Assert.Equal(2, disputed.Agreement!.Votes);
        Assert.Equal(("disputed", (1, 1, 0, 2)), (disputed.Export.GetProperty("status").GetString(), Votes(disputed.Export)));

        Assert.True((await _reviewerService.AdjudicateAsync(_item, ReviewTestBed.Decide(QueryLabel.Safe))).Succeeded);
        var settled = await SeenByAsync(_reviewerWhoAnnotates);
        Assert.Equal(2, settled.ReviewItem!.Votes.Count);
        Assert.Equal("Safe", settled.AgreementItem!.Gold);
        Assert.Equal(("settled", (1, 1, 0, 2)), (settled.Export.GetProperty("status").GetString(), Votes(settled.Export)));
    }

    [Fact]
    public async Task AReviewerWithTheAnnotatorRole_WhomTheAllowListKeepsOffTheDataset_SeesTheVotesOfOpenItems()
    {
        await using (var db = await _bed.DbFactory.CreateDbContextAsync())
        {
            var settings = await db.AnnotationSettings.Include(s => s.AllowedAnnotators).SingleAsync(s => s.DatasetId == _dataset);
            settings.AllowedAnnotators.Add(new AnnotationAllowedAnnotator { DatasetId = _dataset, UserId = _b.Id });
            await db.SaveChangesAsync();
        }

        var seen = await SeenByAsync(_reviewerWhoAnnotates);

        Assert.Equal(Secret, Assert.Single(seen.ReviewItem!.Votes).Comment);
        Assert.NotNull(seen.AgreementItem);
        Assert.Equal((0, 1, 0, 1), Votes(seen.Export));
    }
}
