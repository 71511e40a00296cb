using System.Globalization;

namespace FalseReject.Web.Statistics;

/// <summary>How distinct-n is normalised (the variants that circulate; always name the one shown).</summary>
public enum DistinctVariant
{
    /// <summary>Distinct n-grams over the whole set / total n-grams over the whole set.</summary>
    Pooled,

    /// <summary>Li et al. (2016): distinct n-grams over the whole set / total tokens over the whole set.</summary>
    PerToken,

    /// <summary>Mean over sentences of (distinct n-grams in the sentence / n-grams in the sentence);
    /// sentences shorter than n have no n-grams and are left out.</summary>
    SentenceMean,
}

/// <summary>Sentences as arrays of interned word ids (one id per distinct token).</summary>
public sealed class TokenizedCorpus
{
    public TokenizedCorpus(int[][] sentences, int vocabularySize)
    {
        Sentences = sentences;
        VocabularySize = vocabularySize;
    }

    public int[][] Sentences { get; }

    public int VocabularySize { get; }

    public int Count => Sentences.Length;

    /// <summary>Word tokens: maximal runs of non-white-space characters, optionally lower-cased
    /// (invariant culture).</summary>
    public static TokenizedCorpus FromTexts(IReadOnlyList<string> texts, bool lowerCase)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var sentences = new int[texts.Count][];
        var buffer = new List<int>(64);
        for (var s = 0; s < texts.Count; s++)
        {
            buffer.Clear();
            var text = texts[s] ?? string.Empty;
            var i = 0;
            while (i < text.Length)
            {
                while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i])) i++;
                if (i > start)
                {
                    var token = text.Substring(start, i - start);
                    if (lowerCase) token = token.ToLowerInvariant();
                    if (!ids.TryGetValue(token, out var id))
                    {
                        id = ids.Count;
                        ids.Add(token, id);
                    }
                    buffer.Add(id);
                }
            }
            sentences[s] = buffer.ToArray();
        }
        return new TokenizedCorpus(sentences, ids.Count);
    }

    /// <summary>Already tokenised sentences (as in the hand-checked examples).</summary>
    public static TokenizedCorpus FromTokens(IReadOnlyList<IReadOnlyList<string>> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new int[sentences.Count][];
        for (var s = 0; s < sentences.Count; s++)
        {
            var tokens = sentences[s];
            var row = new int[tokens.Count];
            for (var t = 0; t < tokens.Count; t++)
            {
                if (!ids.TryGetValue(tokens[t], out var id))
                {
                    id = ids.Count;
                    ids.Add(tokens[t], id);
                }
                row[t] = id;
            }
            result[s] = row;
        }
        return new TokenizedCorpus(result, ids.Count);
    }
}

/// <summary>A Self-BLEU score with the sample it was computed on.</summary>
public readonly record struct SelfBleuResult(double Score, int N, int SampleSize, int PopulationSize, int Seed)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Self-BLEU-{N} = {Score:0.####} (K = {SampleSize} of {PopulationSize}, seed {Seed})");
}

/// <summary>
/// Lexical diversity of a prompt set, as in the FalseReject paper's dataset comparison:
/// Self-BLEU-N (Zhu et al. 2018, Texygen; lower = more diverse) and distinct-n (Li et al. 2016;
/// higher = more diverse). Both move with corpus size, so callers show the sample size.
/// n-grams are interned as dense integer ids order by order (an n-gram id is the id of the pair
/// (its (n−1)-gram prefix id, its last token id)), so the inner loops touch int arrays only.
/// </summary>
public static class Diversity
{
    /// <summary>The largest sample Self-BLEU scores (Texygen's 500).</summary>
    public const int DefaultSampleSize = 500;

    /// <summary>NLTK's smoothing "method 1" epsilon.</summary>
    public const double Epsilon = 0.1;

    /// <summary>
    /// Self-BLEU-N over K = min(<paramref name="maxSample"/>, |S|) sentences drawn with
    /// <paramref name="seed"/> (a partial Fisher–Yates shuffle with <see cref="Random(int)"/>);
    /// all of S when |S| ≤ maxSample.
    /// </summary>
    public static SelfBleuResult SelfBleuSampled(TokenizedCorpus corpus, int n, int seed, int maxSample = DefaultSampleSize)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSample, 2);
        var sample = Sample(corpus.Count, maxSample, seed);
        var sentences = new int[sample.Length][];
        for (var i = 0; i < sample.Length; i++) sentences[i] = corpus.Sentences[sample[i]];
        return new SelfBleuResult(SelfBleu(sentences, n), n, sample.Length, corpus.Count, seed);
    }

    /// <summary>The indices of a seeded sample of min(k, count) out of count, in ascending order.</summary>
    public static int[] Sample(int count, int k, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var indices = new int[count];
        for (var i = 0; i < count; i++) indices[i] = i;
        if (count <= k) return indices;
        var random = new Random(seed);
        for (var i = 0; i < k; i++)
        {
            var j = random.Next(i, count);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }
        var result = indices.AsSpan(0, k).ToArray();
        Array.Sort(result);
        return result;
    }

    /// <summary>
    /// Self-BLEU-N of exactly these sentences: each one is the hypothesis against all the others
    /// as references, scored with sentence BLEU-N (uniform weights 1/N; n-gram counts clipped to
    /// the maximum count in any one reference; brevity penalty from the reference length closest
    /// to the hypothesis length, ties to the shorter; smoothing method 1: a zero clipped count
    /// becomes 0.1 / max(1, hypothesis n-grams); no unigram match scores 0), averaged.
    /// Returns NaN for fewer than two sentences (no references).
    /// </summary>
    public static double SelfBleu(IReadOnlyList<int[]> sentences, int n)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var k = sentences.Count;
        if (k < 2) return double.NaN;

        // logSum[h] accumulates Σ_n log p_n; dead[h] marks a hypothesis with no unigram match.
        var logSum = new double[k];
        var dead = new bool[k];
        var ids = new int[k][];
        for (var s = 0; s < k; s++) ids[s] = (int[])sentences[s].Clone();

        for (var order = 1; order <= n; order++)
        {
            int vocabulary;
            if (order > 1) ids = Extend(ids, sentences, order, out vocabulary);
            else Renumber(ids, out vocabulary);

            // Per n-gram: the largest count in any sentence, which sentence holds it, and the
            // largest count in any other sentence — so "max over the references" excluding the
            // hypothesis is max2 when the hypothesis holds max1, else max1.
            var max1 = new int[vocabulary];
            var owner = new int[vocabulary];
            var max2 = new int[vocabulary];
            var sorted = new int[k][];
            for (var s = 0; s < k; s++)
            {
                var row = (int[])ids[s].Clone();
                Array.Sort(row);
                sorted[s] = row;
                var i = 0;
                while (i < row.Length)
                {
                    var j = i + 1;
                    while (j < row.Length && row[j] == row[i]) j++;
                    var gram = row[i];
                    var count = j - i;
                    if (count > max1[gram])
                    {
                        max2[gram] = max1[gram];
                        max1[gram] = count;
                        owner[gram] = s;
                    }
                    else if (count > max2[gram])
                    {
                        max2[gram] = count;
                    }
                    i = j;
                }
            }

            for (var h = 0; h < k; h++)
            {
                var row = sorted[h];
                var clipped = 0;
                var i = 0;
                while (i < row.Length)
                {
                    var j = i + 1;
                    while (j < row.Length && row[j] == row[i]) j++;
                    var gram = row[i];
                    var reference = owner[gram] == h ? max2[gram] : max1[gram];
                    clipped += Math.Min(j - i, reference);
                    i = j;
                }
                var denominator = Math.Max(1, row.Length);
                if (order == 1 && clipped == 0) dead[h] = true;
                var precision = clipped == 0 ? Epsilon / denominator : (double)clipped / denominator;
                logSum[h] += Math.Log(precision);
            }
        }

        var lengths = new int[k];
        for (var s = 0; s < k; s++) lengths[s] = sentences[s].Length;
        var total = 0.0;
        for (var h = 0; h < k; h++)
        {
            if (dead[h]) continue;
            var c = lengths[h];
            var closest = -1;
            for (var r = 0; r < k; r++)
            {
                if (r == h) continue;
                var len = lengths[r];
                if (closest < 0) { closest = len; continue; }
                var d = Math.Abs(len - c);
                var best = Math.Abs(closest - c);
                if (d < best || (d == best && len < closest)) closest = len;
            }
            var bp = c > closest ? 1.0 : c == 0 ? 0.0 : Math.Exp(1.0 - (double)closest / c);
            total += bp * Math.Exp(logSum[h] / n);
        }
        return total / k;
    }

    /// <summary>distinct-n of the whole set under <paramref name="variant"/>; NaN when the
    /// denominator is zero.</summary>
    public static double DistinctN(TokenizedCorpus corpus, int n, DistinctVariant variant = DistinctVariant.Pooled)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var sentences = corpus.Sentences;
        var ids = new int[sentences.Length][];
        for (var s = 0; s < sentences.Length; s++) ids[s] = (int[])sentences[s].Clone();
        var vocabulary = corpus.VocabularySize;
        for (var order = 2; order <= n; order++) ids = Extend(ids, sentences, order, out vocabulary);

        if (variant == DistinctVariant.SentenceMean)
        {
            var sum = 0.0;
            var counted = 0;
            var seen = new int[Math.Max(1, vocabulary)];
            var stamp = 0;
            for (var s = 0; s < ids.Length; s++)
            {
                var row = ids[s];
                if (row.Length == 0) continue;
                stamp++;
                var distinctInSentence = 0;
                for (var i = 0; i < row.Length; i++)
                {
                    if (seen[row[i]] != stamp) { seen[row[i]] = stamp; distinctInSentence++; }
                }
                sum += (double)distinctInSentence / row.Length;
                counted++;
            }
            return counted == 0 ? double.NaN : sum / counted;
        }

        var present = new bool[Math.Max(1, vocabulary)];
        long distinct = 0, grams = 0, tokens = 0;
        for (var s = 0; s < ids.Length; s++)
        {
            var row = ids[s];
            grams += row.Length;
            tokens += sentences[s].Length;
            for (var i = 0; i < row.Length; i++)
            {
                if (!present[row[i]]) { present[row[i]] = true; distinct++; }
            }
        }
        var denominator = variant == DistinctVariant.Pooled ? grams : tokens;
        return denominator == 0 ? double.NaN : (double)distinct / denominator;
    }

    /// <summary>Mean sentence length in word tokens; NaN for an empty set.</summary>
    public static double MeanLength(TokenizedCorpus corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        if (corpus.Count == 0) return double.NaN;
        long total = 0;
        foreach (var sentence in corpus.Sentences) total += sentence.Length;
        return (double)total / corpus.Count;
    }

    // Renumbers unigram ids densely (the sampled sentences use a subset of the vocabulary).
    private static void Renumber(int[][] ids, out int vocabulary)
    {
        var map = new Dictionary<int, int>();
        for (var s = 0; s < ids.Length; s++)
        {
            var row = ids[s];
            for (var i = 0; i < row.Length; i++)
            {
                if (!map.TryGetValue(row[i], out var id)) { id = map.Count; map.Add(row[i], id); }
                row[i] = id;
            }
        }
        vocabulary = map.Count;
    }

    // From the (order−1)-gram ids of each sentence to its order-gram ids: the gram starting at i
    // is the pair (prefix id at i, token at i + order − 1), interned densely.
    private static int[][] Extend(int[][] previous, IReadOnlyList<int[]> tokens, int order, out int vocabulary)
    {
        var map = new Dictionary<long, int>(MixedLongComparer.Instance);
        var next = new int[previous.Length][];
        for (var s = 0; s < previous.Length; s++)
        {
            var prefix = previous[s];
            var words = tokens[s];
            var length = Math.Max(0, words.Length - order + 1);
            var row = new int[length];
            for (var i = 0; i < length; i++)
            {
                var key = ((long)prefix[i] << 32) | (uint)words[i + order - 1];
                if (!map.TryGetValue(key, out var id)) { id = map.Count; map.Add(key, id); }
                row[i] = id;
            }
            next[s] = row;
        }
        vocabulary = map.Count;
        return next;
    }
}

/// <summary>One model's refusals on a dataset's prompts.</summary>
public readonly record struct ModelRefusals(string Model, int Refused, int Prompts)
{
    public double Rate => Prompts == 0 ? double.NaN : (double)Refused / Prompts;
}

/// <summary>The rejection rate across models with each model's rate and an interval for the mean.</summary>
public sealed record RejectionRateAcrossModels(double Mean, Interval? Interval, IReadOnlyList<ModelRefusals> Models);

public static class RejectionRate
{
    /// <summary>
    /// RR = mean over the models m of (share of the dataset's prompts m refused), as a proportion
    /// (× 100 for the paper's percentages). The interval is mean ± z·s/√m over the models' rates
    /// (a normal approximation across models; null with fewer than two models). Models with no
    /// prompts are left out. NaN mean when no model has prompts.
    /// </summary>
    public static RejectionRateAcrossModels Across(IReadOnlyList<ModelRefusals> models, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(models);
        var used = new List<ModelRefusals>(models.Count);
        foreach (var m in models)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(m.Refused);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(m.Refused, m.Prompts);
            if (m.Prompts > 0) used.Add(m);
        }
        if (used.Count == 0) return new RejectionRateAcrossModels(double.NaN, null, used);
        var sum = 0.0;
        foreach (var m in used) sum += m.Rate;
        var mean = sum / used.Count;
        if (used.Count < 2) return new RejectionRateAcrossModels(mean, null, used);
        var squares = 0.0;
        foreach (var m in used) squares += (m.Rate - mean) * (m.Rate - mean);
        var sd = Math.Sqrt(squares / (used.Count - 1));
        var half = Normal.TwoSidedCriticalValue(confidence) * sd / Math.Sqrt(used.Count);
        return new RejectionRateAcrossModels(mean, new Interval(Math.Max(0, mean - half), Math.Min(1, mean + half)), used);
    }
}

// long.GetHashCode is low ^ high, which collides badly for (prefix << 32 | token) keys; a
// multiplicative (Fibonacci) mix spreads them.
internal sealed class MixedLongComparer : IEqualityComparer<long>
{
    public static readonly MixedLongComparer Instance = new();

    public bool Equals(long x, long y) => x == y;

    public int GetHashCode(long obj) => (int)(((ulong)obj * 0x9E3779B97F4A7C15UL) >> 32);
}
