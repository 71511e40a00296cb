using FalseReject.Web.Statistics;

namespace FalseReject.Web.Tests.Statistics;

public sealed class DiversityTests
{
    private static readonly string[][] Abc = [["a", "b", "c"], ["a", "b", "d"]];
    private static readonly string[][] Cats = [["the", "cat", "sat"], ["the", "cat", "sat", "down"], ["a", "dog", "ran"]];

    // Hand-checked values from eval-formats.md.
    [Theory]
    [InlineData(2, 0.577350)]
    [InlineData(3, 0.321830)]
    [InlineData(4, 0.240281)]
    public void SelfBleu_matches_the_hand_checked_values_for_abc_abd(int n, double expected) =>
        Assert.Equal(expected, Diversity.SelfBleu(TokenizedCorpus.FromTokens(Abc).Sentences, n), 6);

    [Theory]
    [InlineData(2, 0.569036)]
    [InlineData(4, 0.319992)]
    public void SelfBleu_matches_the_hand_checked_values_for_the_cat_sentences(int n, double expected) =>
        Assert.Equal(expected, Diversity.SelfBleu(TokenizedCorpus.FromTokens(Cats).Sentences, n), 6);

    [Fact]
    public void Distinct2_matches_the_hand_checked_values()
    {
        Assert.Equal(0.75, Diversity.DistinctN(TokenizedCorpus.FromTokens(Abc), 2), 6);
        Assert.Equal(0.714286, Diversity.DistinctN(TokenizedCorpus.FromTokens(Cats), 2), 6);
    }

    [Fact]
    public void Distinct_variants_differ_as_defined()
    {
        var corpus = TokenizedCorpus.FromTokens(Cats);
        // 5 distinct bigrams; 10 tokens; per sentence 2/2, 3/3, 2/2.
        Assert.Equal(0.5, Diversity.DistinctN(corpus, 2, DistinctVariant.PerToken), 6);
        Assert.Equal(1.0, Diversity.DistinctN(corpus, 2, DistinctVariant.SentenceMean), 6);
        // distinct-1: the, cat, sat, down, a, dog, ran = 7 of 10.
        Assert.Equal(0.7, Diversity.DistinctN(corpus, 1), 6);
        Assert.Equal(10.0 / 3, Diversity.MeanLength(corpus), 6);
    }

    [Fact]
    public void Lower_casing_is_an_option()
    {
        var texts = new[] { "The cat", "the cat" };
        Assert.Equal(1.0, Diversity.DistinctN(TokenizedCorpus.FromTexts(texts, lowerCase: false), 2), 6);
        Assert.Equal(0.5, Diversity.DistinctN(TokenizedCorpus.FromTexts(texts, lowerCase: true), 2), 6);
    }

    [Fact]
    public void Identical_sentences_score_one_and_a_single_sentence_has_no_score()
    {
        var same = TokenizedCorpus.FromTokens([["a", "b", "c", "d"], ["a", "b", "c", "d"]]);
        Assert.Equal(1.0, Diversity.SelfBleu(same.Sentences, 4), 9);
        Assert.True(double.IsNaN(Diversity.SelfBleu(same.Sentences.Take(1).ToArray(), 4)));
    }

    [Fact]
    public void Sample_is_seeded_and_takes_min_of_500_and_the_set()
    {
        var a = Diversity.Sample(2000, 500, seed: 7);
        var b = Diversity.Sample(2000, 500, seed: 7);
        var c = Diversity.Sample(2000, 500, seed: 8);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(500, a.Distinct().Count());
        Assert.Equal(40, Diversity.Sample(40, 500, seed: 7).Length);

        var corpus = TokenizedCorpus.FromTexts(Generate(800, seed: 3), lowerCase: true);
        var result = Diversity.SelfBleuSampled(corpus, 4, seed: 11);
        Assert.Equal(500, result.SampleSize);
        Assert.Equal(800, result.PopulationSize);
        var picked = Diversity.Sample(800, 500, 11).Select(i => corpus.Sentences[i]).ToArray();
        Assert.Equal(ReferenceSelfBleu(picked, 4), result.Score, 9);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void SelfBleu_agrees_with_a_straightforward_reference_on_generated_sentences(int n)
    {
        var corpus = TokenizedCorpus.FromTexts(Generate(300, seed: n), lowerCase: false);
        Assert.Equal(ReferenceSelfBleu(corpus.Sentences, n), Diversity.SelfBleu(corpus.Sentences, n), 9);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void DistinctN_agrees_with_a_straightforward_reference_on_generated_sentences(int n)
    {
        var texts = Generate(300, seed: 40 + n);
        var corpus = TokenizedCorpus.FromTexts(texts, lowerCase: false);
        var words = texts.Select(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        var grams = words.SelectMany(w => Grams(w, n)).ToList();
        Assert.Equal((double)grams.Distinct().Count() / grams.Count, Diversity.DistinctN(corpus, n), 12);
        Assert.Equal((double)grams.Distinct().Count() / words.Sum(w => w.Length), Diversity.DistinctN(corpus, n, DistinctVariant.PerToken), 12);
        var perSentence = words.Select(w => Grams(w, n).ToList()).Where(g => g.Count > 0)
            .Select(g => (double)g.Distinct().Count() / g.Count).Average();
        Assert.Equal(perSentence, Diversity.DistinctN(corpus, n, DistinctVariant.SentenceMean), 12);
    }

    [Fact]
    public void Rejection_rate_is_the_mean_of_each_models_share_with_an_interval()
    {
        var result = RejectionRate.Across([new("a", 10, 100), new("b", 30, 100), new("c", 0, 0)]);
        Assert.Equal(0.2, result.Mean, 12);
        Assert.Equal(2, result.Models.Count);
        // s = sqrt(((0.1-0.2)² + (0.3-0.2)²)/1) = 0.141421; half = 1.959964 · 0.141421 / √2 = 0.195996.
        Assert.Equal(0.2 - 0.195996, result.Interval!.Value.Low, 5);
        Assert.Equal(0.2 + 0.195996, result.Interval!.Value.High, 5);
        Assert.Null(RejectionRate.Across([new("a", 1, 4)]).Interval);
        Assert.True(double.IsNaN(RejectionRate.Across([]).Mean));
    }

    // ---- the reference: NLTK's sentence_bleu with SmoothingFunction().method1, written plainly ----

    private static IEnumerable<string> Grams(IReadOnlyList<string> words, int n)
    {
        for (var i = 0; i + n <= words.Count; i++) yield return string.Join('\u0001', words.Skip(i).Take(n));
    }

    private static IEnumerable<string> Grams(int[] words, int n) => Grams(words.Select(w => w.ToString()).ToArray(), n);

    private static double ReferenceSelfBleu(int[][] sentences, int n)
    {
        var scores = new List<double>();
        for (var h = 0; h < sentences.Length; h++)
        {
            var hyp = sentences[h];
            var refs = sentences.Where((_, i) => i != h).ToList();
            var precisions = new List<double>();
            var numerators = new List<int>();
            for (var order = 1; order <= n; order++)
            {
                var hypCounts = Grams(hyp, order).GroupBy(g => g).ToDictionary(g => g.Key, g => g.Count());
                var clipped = 0;
                foreach (var (gram, count) in hypCounts)
                {
                    var maxRef = refs.Max(r => Grams(r, order).Count(g => g == gram));
                    clipped += Math.Min(count, maxRef);
                }
                var denominator = Math.Max(1, hypCounts.Values.Sum());
                numerators.Add(clipped);
                precisions.Add(clipped == 0 ? 0.1 / denominator : (double)clipped / denominator);
            }
            if (numerators[0] == 0) { scores.Add(0); continue; }
            var c = hyp.Length;
            var r = refs.Select(x => x.Length).OrderBy(len => Math.Abs(len - c)).ThenBy(len => len).First();
            var bp = c > r ? 1 : c == 0 ? 0 : Math.Exp(1 - (double)r / c);
            scores.Add(bp * Math.Exp(precisions.Sum(p => Math.Log(p) / n)));
        }
        return scores.Average();
    }

    // Sentences from a small vocabulary so that n-grams repeat within and across sentences.
    internal static List<string> Generate(int count, int seed)
    {
        var random = new Random(seed);
        string[] vocabulary = ["how", "do", "i", "kill", "a", "process", "the", "python", "in", "linux", "shoot", "photo",
            "best", "way", "to", "make", "bomb", "cake", "what", "is", "why", "can", "you", "my", "of"];
        var result = new List<string>(count);
        for (var s = 0; s < count; s++)
        {
            var length = random.Next(1, 14);
            var words = new string[length];
            for (var i = 0; i < length; i++) words[i] = vocabulary[random.Next(vocabulary.Length)];
            result.Add(string.Join(' ', words));
        }
        return result;
    }
}
