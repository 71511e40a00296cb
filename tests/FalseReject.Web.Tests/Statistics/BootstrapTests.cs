using FalseReject.Web.Statistics;

namespace FalseReject.Web.Tests.Statistics;

public sealed class BootstrapTests
{
    // 300 items × 3 raters, Safe/Unsafe; each rater copies a latent label 85% of the time and
    // some votes are missing. Moderate agreement: α around 0.5.
    private static RatingTable Moderate(int seed = 7, int items = 300)
    {
        var random = new Random(seed);
        var matrix = new int?[items, 3];
        for (int i = 0; i < items; i++)
        {
            int truth = random.NextDouble() < 0.3 ? 1 : 0;
            for (int r = 0; r < 3; r++)
            {
                matrix[i, r] = random.NextDouble() < 0.1 ? null : random.NextDouble() < 0.85 ? truth : 1 - truth;
            }
        }
        return RatingTable.FromMatrix(matrix);
    }

    [Fact]
    public void SameSeed_GivesTheSameInterval()
    {
        var table = Moderate();

        var first = KrippendorffAlpha.Bootstrap(table, new BootstrapOptions(Seed: 42));
        var second = KrippendorffAlpha.Bootstrap(table, new BootstrapOptions(Seed: 42));

        Assert.Equal(first, second);
        Assert.Equal(42, first.Seed);
        Assert.Equal(1000, first.Resamples);
    }

    // The fast path groups units by label-count pattern; this recomputes every resample the slow
    // way (draw the same items with the same Random, build the resampled table, compute α) and
    // checks the interval is the same.
    [Fact]
    public void Interval_EqualsResamplingTheItemsOneByOne()
    {
        var table = Moderate(items: 120);
        var options = new BootstrapOptions(Resamples: 200, Seed: 99);
        var counts = table.CountByItem();
        int[] pairable = [.. Enumerable.Range(0, table.ItemCount).Where(i => counts.RatingsOf(i) >= 2)];

        var random = new Random(options.Seed);
        var alphas = new List<double>();
        var draws = new int[pairable.Length];
        for (int s = 0; s < options.Resamples; s++)
        {
            for (int d = 0; d < draws.Length; d++)
            {
                draws[d] = pairable[random.Next(pairable.Length)];
            }
            if (KrippendorffAlpha.Compute(table.SelectItems(draws)).Alpha.Value is { } alpha)
            {
                alphas.Add(alpha);
            }
        }
        alphas.Sort();

        var fast = KrippendorffAlpha.Bootstrap(table, options).Interval!.Value;

        Assert.Equal(KrippendorffAlpha.Percentile(alphas.ToArray(), 0.025), fast.Low, 12);
        Assert.Equal(KrippendorffAlpha.Percentile(alphas.ToArray(), 0.975), fast.High, 12);
    }

    [Fact]
    public void DifferentSeeds_GiveSlightlyDifferentIntervals()
    {
        var table = Moderate();

        var a = KrippendorffAlpha.Bootstrap(table, new BootstrapOptions(Seed: 1)).Interval!.Value;
        var b = KrippendorffAlpha.Bootstrap(table, new BootstrapOptions(Seed: 2)).Interval!.Value;

        Assert.NotEqual(a, b);
        Assert.True(Math.Abs(a.Low - b.Low) < 0.05 && Math.Abs(a.High - b.High) < 0.05);
    }

    [Fact]
    public void Interval_ContainsAlpha_AndHasAPlausibleWidth()
    {
        var table = Moderate();

        double alpha = KrippendorffAlpha.Compute(table).Alpha.Value!.Value;
        var interval = KrippendorffAlpha.Bootstrap(table).Interval!.Value;

        Assert.InRange(alpha, 0.3, 0.7);
        Assert.True(interval.Contains(alpha), $"{interval} should contain {alpha}");
        Assert.InRange(interval.Width, 0.05, 0.3);
    }

    [Fact]
    public void Interval_NarrowsWithMoreItems()
    {
        var small = KrippendorffAlpha.Bootstrap(Moderate(items: 100)).Interval!.Value;
        var large = KrippendorffAlpha.Bootstrap(Moderate(items: 1600)).Interval!.Value;

        Assert.True(large.Width < small.Width / 2, $"{large} vs {small}");
    }

    [Fact]
    public void HigherConfidence_GivesAWiderInterval()
    {
        var table = Moderate();

        var i90 = KrippendorffAlpha.Bootstrap(table, new BootstrapOptions(Confidence: 0.90)).Interval!.Value;
        var i99 = KrippendorffAlpha.Bootstrap(table, new BootstrapOptions(Confidence: 0.99)).Interval!.Value;

        Assert.True(i99.Low < i90.Low && i99.High > i90.High);
    }

    [Fact]
    public void ResamplesWhereAlphaIsUndefined_AreCountedAndLeftOut()
    {
        // 20 unanimous-Safe items and one split item: resamples that miss the split item have
        // every vote Safe, so α is undefined there (probability (20/21)^21 ≈ 36%).
        var matrix = new int?[21, 2];
        for (int i = 0; i < 20; i++)
        {
            matrix[i, 0] = 0;
            matrix[i, 1] = 0;
        }
        matrix[20, 0] = 0;
        matrix[20, 1] = 1;

        var result = KrippendorffAlpha.Bootstrap(RatingTable.FromMatrix(matrix));

        Assert.InRange(result.UndefinedResamples, 250, 480);
        Assert.NotNull(result.Interval);
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.5, 3.0)]
    [InlineData(0.25, 2.0)]
    [InlineData(0.1, 1.4)]
    public void Percentile_InterpolatesBetweenOrderStatistics(double q, double expected)
    {
        double[] sorted = [1, 2, 3, 4, 5];

        Assert.Equal(expected, KrippendorffAlpha.Percentile(sorted, q), 12);
    }

    [Fact]
    public void RejectsNonPositiveResampleCounts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KrippendorffAlpha.Bootstrap(Moderate(), new BootstrapOptions(Resamples: 0)));
    }
}
