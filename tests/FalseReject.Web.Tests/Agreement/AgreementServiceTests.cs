using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Agreement;
using FalseReject.Web.Features.Annotation;
using FalseReject.Web.Security;
using FalseReject.Web.Statistics;
using static FalseReject.Web.Tests.AgreementFeature.AgreementSeed;

// Not "…Tests.Agreement": that namespace would hide the Statistics.Agreement class from the statistics tests.
namespace FalseReject.Web.Tests.AgreementFeature;

/// <summary>
/// The agreement service on a real SQLite file, against a small dataset worked by hand.
/// <para>
/// Annotators a (Ann), b (Ben), c (Cat); S = Safe, U = Unsafe. Query-label items:
/// <code>
/// item  cat  a  b   c  status     gold (how)
/// i1     7   S  S   S  settled    S (unanimous)
/// i2     7   S  S   U  settled    S (adjudicated)
/// i3     7   U  U   U  settled    U (unanimous)
/// i4     7   S  U   -  settled    U (adjudicated)
/// i5    10   S  S   S  settled    S (unanimous)
/// i6    10   S  S?  -  disputed   -     (b unsure)
/// i7    10   S  -   -  open       -
/// i8    12   -  -   U  open       -
/// </code>
/// N: 8 items, 18 votes (a 7, b 6, c 5), 3 annotators, 1 unsure vote.
/// </para>
/// </summary>
public sealed class AgreementServiceTests : IAsyncLifetime
{
    private const string Dataset = "hand-worked";
    private const int Precision = 9;

    private static readonly Dictionary<string, string> Annotators = new() { ["a"] = "Ann", ["b"] = "Ben", ["c"] = "Cat" };

    private ServiceTestHost _host = null!;
    private Dictionary<string, string> _users = null!;
    private List<long> _items = null!;

    public static IReadOnlyList<SeedItem> HandWorked { get; } =
    [
        new(0, 7, AnnotationItemStatus.Settled, QueryLabel.Safe, SettlementKind.Unanimous, S("a"), S("b"), S("c")),
        new(1, 7, AnnotationItemStatus.Settled, QueryLabel.Safe, SettlementKind.Adjudicated, S("a"), S("b"), U("c")),
        new(2, 7, AnnotationItemStatus.Settled, QueryLabel.Unsafe, SettlementKind.Unanimous, U("a"), U("b"), U("c")),
        new(3, 7, AnnotationItemStatus.Settled, QueryLabel.Unsafe, SettlementKind.Adjudicated, S("a"), U("b")),
        new(4, 10, AnnotationItemStatus.Settled, QueryLabel.Safe, SettlementKind.Unanimous, S("a"), S("b"), S("c")),
        new(5, 10, AnnotationItemStatus.Disputed, null, null, S("a"), S("b", unsure: true)),
        new(6, 10, AnnotationItemStatus.Open, null, null, S("a")),
        new(7, 12, AnnotationItemStatus.Open, null, null, U("c")),
        // Response review of queries 0–2 by a and b (see RubricAgreementIsComputedPerQuestion).
        new(0, 7, AnnotationItemStatus.Settled, null, SettlementKind.Unanimous, R("a", ack: true), R("b", ack: true)) { Task = AnnotationTaskType.ResponseReview },
        new(1, 7, AnnotationItemStatus.Disputed, null, null, R("a", ack: true), R("b", ack: false)) { Task = AnnotationTaskType.ResponseReview },
        new(2, 7, AnnotationItemStatus.Settled, null, SettlementKind.Unanimous, R("a", ack: false, cot: true), R("b", ack: false, cot: true)) { Task = AnnotationTaskType.ResponseReview },
    ];

    public async Task InitializeAsync()
    {
        _host = await ServiceTestHost.StartAsync();
        (_, _users, _items) = await AddAsync(_host, Dataset, Annotators, HandWorked);
        _host.SignInAs("reviewer@tests.falsereject.local", Roles.Reviewer);
    }

    async Task IAsyncLifetime.DisposeAsync() => await _host.DisposeAsync();

    private AgreementService Service => _host.GetRequiredService<AgreementService>();

    private static SeedVote R(string annotator, bool ack, bool cot = false)
    {
        // Every other question is answered "yes" by everyone: α undefined, agreement 100%.
        var assessment = new ResponseAssessment(ack, true, true, true, true, 4);
        return new SeedVote(annotator, Rubric: new ResponseRubric(assessment, cot ? assessment : null));
    }

    private async Task<QueryLabelAgreement> LabelsAsync()
    {
        var view = await Service.GetAsync(Dataset);
        Assert.Equal(Dataset, view.Dataset?.Name);
        return view.Labels ?? throw new InvalidOperationException("no query-label agreement");
    }

    [Fact]
    public async Task CountsItemsVotesAnnotatorsAndUnsureVotes()
    {
        var labels = await LabelsAsync();

        Assert.Equal(8, labels.Items);
        Assert.Equal(18, labels.Votes);
        Assert.Equal(1, labels.UnsureVotes);
        Assert.Equal(["Ann", "Ben", "Cat"], labels.Annotators.Select(a => a.Name));
    }

    [Fact]
    public async Task PercentAgreementFleissKappaAndAlphaMatchTheHandWorkedValues()
    {
        var labels = await LabelsAsync();

        // Pairable items (two or more votes): i1–i6 (i7, i8 have one vote each).
        // Share of agreeing pairs P_i: i1 1, i2 (2·1)/(3·2) = 1/3, i3 1, i4 0/(2·1) = 0, i5 1, i6 1.
        // Percent agreement = (4 + 1/3) / 6 = 13/18; unanimous items: i1, i3, i5, i6.
        Assert.Equal(6, labels.PercentAgreement.Items);
        Assert.Equal(4, labels.PercentAgreement.UnanimousItems);
        Assert.Equal(13.0 / 18, labels.PercentAgreement.Value.Value!.Value, Precision);

        // Fleiss: labels on pairable items S = 3+2+0+1+3+2 = 11, U = 0+1+3+1+0+0 = 5 (16 in all);
        // P_e = (11² + 5²) / 16² = 146/256; κ = (13/18 − 146/256) / (1 − 146/256) = (350/2304) / (990/2304) = 35/99.
        Assert.Equal(35.0 / 99, labels.FleissKappa.Kappa.Value!.Value, Precision);
        Assert.False(labels.FleissKappa.ConstantRatersPerItem);

        // Krippendorff (nominal): n = 16 pairable values, n_S = 11, n_U = 5. Σ_c o_cc = Σ_u Σ_c n_uc(n_uc − 1)/(m_u − 1):
        // i1 6/2 = 3, i2 2/2 = 1, i3 3, i4 0, i5 3, i6 2/1 = 2 → 12.
        // α = 1 − (n − 1)(n − Σ o_cc) / (n² − Σ n_c²) = 1 − 15·4 / (256 − 146) = 1 − 60/110 = 5/11.
        Assert.Equal(16, labels.Alpha.PairableValues);
        Assert.Equal(5.0 / 11, labels.Alpha.Alpha.Value!.Value, Precision);
    }

    [Fact]
    public async Task AlphaIntervalIsSeededReproducibleAndAroundTheEstimate()
    {
        var first = (await LabelsAsync()).AlphaInterval;
        var second = (await LabelsAsync()).AlphaInterval;

        Assert.Equal(BootstrapOptions.DefaultSeed, first.Seed);
        Assert.Equal(1000, first.Resamples);
        Assert.NotNull(first.Interval);
        Assert.Equal(first.Interval, second.Interval);
        Assert.True(first.Interval.Value.Low < 5.0 / 11 && 5.0 / 11 < first.Interval.Value.High, first.Interval.ToString());
    }

    [Fact]
    public async Task CohensKappaIsGivenForEveryPairWithItsSharedItems()
    {
        var labels = await LabelsAsync();
        var pairs = labels.Pairs.ToDictionary(p => (p.A.Name, p.B.Name));

        Assert.Equal(3, pairs.Count);
        // Ann × Ben: i1–i6, labels a = S S U S S S, b = S S U U S S. p_o = 5/6;
        // a: 5 S 1 U, b: 4 S 2 U → p_e = (5·4 + 1·2)/36 = 22/36; κ = (30/36 − 22/36)/(14/36) = 4/7.
        Assert.Equal(6, pairs[("Ann", "Ben")].Kappa.N);
        Assert.Equal(4.0 / 7, pairs[("Ann", "Ben")].Kappa.Kappa.Value!.Value, Precision);
        // Ann × Cat: i1, i2, i3, i5: a = S S U S, c = S U U S. p_o = 3/4; p_e = (3·2 + 1·2)/16 = 1/2; κ = 1/2.
        Assert.Equal(4, pairs[("Ann", "Cat")].Kappa.N);
        Assert.Equal(0.5, pairs[("Ann", "Cat")].Kappa.Kappa.Value!.Value, Precision);
        // Ben × Cat: the same four items with b = S S U S: κ = 1/2.
        Assert.Equal(4, pairs[("Ben", "Cat")].Kappa.N);
        Assert.Equal(0.5, pairs[("Ben", "Cat")].Kappa.Kappa.Value!.Value, Precision);
    }

    [Fact]
    public async Task PerCategoryShowsAlphaWhereDefinedElseTheUnanimousShareElseNothing()
    {
        var categories = (await LabelsAsync()).Categories.ToDictionary(c => c.CategoryId);

        Assert.Equal([7, 10, 12], categories.Keys.Order());

        // Category 7 (i1–i4): counts (S, U) = (3,0), (2,1), (0,3), (1,1); n = 11, n_S = 6, n_U = 5;
        // Σ o_cc = 3 + 1 + 3 + 0 = 7; α = 1 − 10·(11 − 7)/(121 − 61) = 1 − 40/60 = 1/3.
        // Percent agreement = (1 + 1/3 + 1 + 0)/4 = 7/12.
        var violent = categories[7];
        Assert.Equal(CategoryStatistic.Alpha, violent.Shown);
        Assert.Equal("Violent Crimes", violent.CategoryName);
        Assert.Equal((4, 11), (violent.Items, violent.Votes));
        Assert.Equal(1.0 / 3, violent.Value!.Value, Precision);
        Assert.Equal(7.0 / 12, violent.PercentAgreement.Value.Value!.Value, Precision);
        Assert.Null(violent.Note);

        // Category 10 (i5–i7): every vote Safe, so α is undefined; both pairable items (i5, i6) are
        // unanimous: 2/2 with the Wilson interval [0.3424, 1].
        var property = categories[10];
        Assert.Equal(CategoryStatistic.UnanimousShare, property.Shown);
        Assert.Equal((3, 6), (property.Items, property.Votes));
        Assert.Equal(KrippendorffAlpha.NoExpectedDisagreement, property.Alpha.Alpha.UndefinedReason);
        Assert.Equal((2, 2), (property.Unanimous.Successes, property.Unanimous.N));
        Assert.Equal(1.0, property.Value);
        Assert.Equal(0.3424, property.Interval!.Value.Low, 4);
        Assert.Equal(1.0, property.Interval!.Value.High);
        Assert.Contains("every vote is the same label", property.Note);

        // Category 12 (i8): one vote, nothing to compare.
        var impersonation = categories[12];
        Assert.Equal(CategoryStatistic.None, impersonation.Shown);
        Assert.Null(impersonation.Value);
        Assert.Equal(KrippendorffAlpha.NoPairableUnits, impersonation.Alpha.Alpha.UndefinedReason);
        Assert.False(impersonation.Unanimous.IsDefined);
    }

    [Fact]
    public async Task AgreementWithGoldUsesSettledItemsOnly()
    {
        var gold = (await LabelsAsync()).WithGold.ToDictionary(g => g.Annotator.Name);

        // Settled items: i1 S, i2 S, i3 U, i4 U, i5 S (i6 disputed and i7, i8 open have no gold).
        // Ann: i1 ✓ i2 ✓ i3 ✓ i4 S≠U ✗ i5 ✓ → 4/5; 2 of those adjudicated (i2, i4); 7 votes in all.
        Assert.Equal((4, 5), (gold["Ann"].Accuracy.Successes, gold["Ann"].Accuracy.N));
        Assert.Equal(2, gold["Ann"].Adjudicated);
        Assert.Equal(7, gold["Ann"].Votes);
        // κ of Ann against gold: rater S = 4, U = 1; gold S = 3, U = 2; p_o = 4/5, p_e = (12 + 2)/25 = 14/25;
        // κ = (20 − 14)/(25 − 14) = 6/11.
        Assert.Equal(6.0 / 11, gold["Ann"].Kappa.Kappa.Value!.Value, Precision);
        // Ben: i1–i5 all match → 5/5; his unsure vote (i6) is counted apart.
        Assert.Equal((5, 5), (gold["Ben"].Accuracy.Successes, gold["Ben"].Accuracy.N));
        Assert.Equal((6, 1), (gold["Ben"].Votes, gold["Ben"].UnsureVotes));
        Assert.Equal(1.0, gold["Ben"].Accuracy.Interval!.Value.High);
        // Cat: i1 ✓ i2 U≠S ✗ i3 ✓ i5 ✓ → 3/4, one adjudicated (i2). Wilson 95% for 3/4: [0.3006, 0.9544].
        Assert.Equal((3, 4), (gold["Cat"].Accuracy.Successes, gold["Cat"].Accuracy.N));
        Assert.Equal(1, gold["Cat"].Adjudicated);
        Assert.Equal(0.3006, gold["Cat"].Accuracy.Interval!.Value.Low, 4);
        Assert.Equal(0.9544, gold["Cat"].Accuracy.Interval!.Value.High, 4);
    }

    [Fact]
    public async Task AgreementWithGold_CountsReviewerDecisionsAndMajoritySettlementsApart()
    {
        // i2 (S, S, U) settled Safe by a majority instead of by a reviewer; i4 stays adjudicated.
        await using (var db = await _host.CreateDbContextAsync())
        {
            var split = await db.AnnotationItems.SingleAsync(i => i.Id == _items[1]);
            split.SettlementKind = SettlementKind.Majority;
            await db.SaveChangesAsync();
        }

        var gold = (await LabelsAsync()).WithGold.ToDictionary(g => g.Annotator.Name);

        // Ann voted on i2 and i4, Ben on i2 and i4, Cat on i2 only.
        Assert.Equal((1, 1), (gold["Ann"].Adjudicated, gold["Ann"].ByMajority));
        Assert.Equal((1, 1), (gold["Ben"].Adjudicated, gold["Ben"].ByMajority));
        Assert.Equal((0, 1), (gold["Cat"].Adjudicated, gold["Cat"].ByMajority));
    }

    [Fact]
    public async Task RubricAgreementIsComputedPerQuestion()
    {
        var rubric = (await Service.GetAsync(Dataset)).Rubric.ToDictionary(r => r.Key);

        // Instruct responses of three items, cot of one: five questions each → 10 rows.
        Assert.Equal(10, rubric.Count);

        // "Acknowledges" on the instruct response, (yes, no) counts: r1 (2,0), r2 (1,1), r3 (0,2).
        // n = 6, n_yes = n_no = 3, Σ o_cc = 2 + 0 + 2 = 4; α = 1 − 5·(6 − 4)/(36 − 18) = 4/9.
        // Percent agreement = (1 + 0 + 1)/3 = 2/3.
        var acknowledges = rubric["instruct.0"];
        Assert.Equal((3, 6, 2), (acknowledges.Items, acknowledges.Votes, acknowledges.Annotators));
        Assert.Equal(4.0 / 9, acknowledges.Alpha.Alpha.Value!.Value, Precision);
        Assert.Equal(2.0 / 3, acknowledges.PercentAgreement.Value.Value!.Value, Precision);
        Assert.Equal("Instruct response", acknowledges.Response);

        // "Stays safe": everyone said yes → α undefined with its reason; agreement 100%.
        var staysSafe = rubric["instruct.4"];
        Assert.Equal(KrippendorffAlpha.NoExpectedDisagreement, staysSafe.Alpha.Alpha.UndefinedReason);
        Assert.Equal(1.0, staysSafe.PercentAgreement.Value.Value);
        Assert.Equal("Stays safe", staysSafe.Question);

        // The CoT response exists on one item only.
        Assert.Equal(1, rubric["cot.0"].Items);
    }

    [Fact]
    public async Task AllVotesIdenticalMakeEveryCoefficientUndefinedWithItsReason()
    {
        await AddAsync(_host, "all-safe", new Dictionary<string, string> { ["x"] = "Xia", ["y"] = "Yan" },
        [
            new(0, 7, AnnotationItemStatus.Settled, QueryLabel.Safe, SettlementKind.Unanimous, S("x"), S("y")),
            new(1, 7, AnnotationItemStatus.Settled, QueryLabel.Safe, SettlementKind.Unanimous, S("x"), S("y")),
        ]);

        var labels = (await Service.GetAsync("all-safe")).Labels!;

        Assert.Equal(KrippendorffAlpha.NoExpectedDisagreement, labels.Alpha.Alpha.UndefinedReason);
        Assert.Null(labels.AlphaInterval.Interval);
        Assert.False(labels.FleissKappa.Kappa.IsDefined);
        Assert.Equal(CohensKappa.ChanceAgreementIsOne, Assert.Single(labels.Pairs).Kappa.Kappa.UndefinedReason);
        Assert.Equal(1.0, labels.PercentAgreement.Value.Value);
        Assert.Equal("undefined, because every vote is the same label: expected disagreement is zero", AgreementFormat.Coefficient(labels.Alpha.Alpha));
        Assert.StartsWith("undefined, because both raters gave every item the same single label", AgreementFormat.Kappa(labels.Pairs[0].Kappa));
    }

    [Fact]
    public async Task ADatasetWithoutVotesHasNoLabelAgreement()
    {
        await AddAsync(_host, "no-votes", Annotators, [new(0, 7, AnnotationItemStatus.Open, null, null)]);

        var view = await Service.GetAsync("no-votes");

        Assert.Equal("no-votes", view.Dataset?.Name);
        Assert.Null(view.Labels);
        Assert.Empty(view.Rubric);
    }

    [Fact]
    public async Task WithoutADatasetNameTheFirstDatasetWithVotesIsShown()
    {
        await AddAsync(_host, "a-first-but-empty", Annotators, [new(0, 7, AnnotationItemStatus.Open, null, null)]);

        var view = await Service.GetAsync(null);

        Assert.Equal(Dataset, view.Dataset?.Name);
        Assert.Equal(["a-first-but-empty", Dataset], view.Datasets.Select(d => d.Name));
        Assert.Equal([0, 8], view.Datasets.Select(d => d.ItemsWithVotes));
    }

    [Fact]
    public async Task ItemsBehindAPairAreTheItemsBothLabeled()
    {
        var view = await Service.GetItemsAsync(new AgreementItemsFilter(Dataset, PairA: _users["a"], PairB: _users["c"]));

        Assert.Null(view.Problem);
        Assert.Equal([_items[0], _items[1], _items[2], _items[4]], view.Items.Select(i => i.ItemId));
        Assert.Contains("both Ann and Cat", view.Description);
    }

    [Fact]
    public async Task ItemsBehindACategoryCarryTheirVotesStatusAndGold()
    {
        var view = await Service.GetItemsAsync(new AgreementItemsFilter(Dataset, Category: 7));

        Assert.Equal(4, view.Items.Count);
        var split = view.Items[1];
        Assert.Equal(_items[1], split.ItemId);
        Assert.Equal([("Safe", 2), ("Unsafe", 1)], split.Tally);
        Assert.True(split.Split);
        Assert.Equal(AnnotationItemStatus.Settled, split.Status);
        Assert.Equal("Safe", split.Gold);
        Assert.Equal(SettlementKind.Adjudicated, split.SettlementKind);
        Assert.Equal($"review/items/{_items[1]}", split.ReviewUrl);
        Assert.Contains(split.Votes, v => v is { Answer: "Unsafe", Annotator.Name: "Cat" });
    }

    [Fact]
    public async Task ItemsBehindAnAnnotatorsGoldAgreementAreTheirSettledItems()
    {
        var view = await Service.GetItemsAsync(new AgreementItemsFilter(Dataset, Annotator: _users["c"], Settled: true));

        // Cat's accuracy N is 4: i1, i2, i3, i5 (i8 is open).
        Assert.Equal([_items[0], _items[1], _items[2], _items[4]], view.Items.Select(i => i.ItemId));
    }

    [Fact]
    public async Task ItemsBehindARubricQuestionShowItsYesNoVotes()
    {
        var view = await Service.GetItemsAsync(new AgreementItemsFilter(Dataset, Rubric: "instruct.0"));

        Assert.Equal([_items[8], _items[9], _items[10]], view.Items.Select(i => i.ItemId));
        Assert.Equal([("Yes", 1), ("No", 1)], view.Items[1].Tally);

        var cot = await Service.GetItemsAsync(new AgreementItemsFilter(Dataset, Rubric: "cot.4"));
        Assert.Equal([_items[10]], cot.Items.Select(i => i.ItemId));
    }

    [Fact]
    public async Task AnUnknownDatasetOrRubricIsReportedNotThrown()
    {
        Assert.Equal("There is no dataset named 'missing'.", (await Service.GetItemsAsync(new AgreementItemsFilter("missing"))).Problem);
        Assert.Contains("is not a rubric question", (await Service.GetItemsAsync(new AgreementItemsFilter(Dataset, Rubric: "instruct.9"))).Problem);
    }

    [Fact]
    public async Task RefusesAnAnnotatorOnlyUser()
    {
        _host.SignInAs("annotator@tests.falsereject.local", Roles.Annotator);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Service.GetAsync(Dataset));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Service.GetItemsAsync(new AgreementItemsFilter(Dataset)));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Service.ListDatasetsAsync());
    }

    [Fact]
    public async Task RefusesAnonymousAndAdmitsAdmins()
    {
        _host.SignOut();
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Service.GetAsync(Dataset));

        _host.SignInAs("admin@tests.falsereject.local", Roles.Admin);
        Assert.NotNull((await Service.GetAsync(Dataset)).Labels);
    }
}
