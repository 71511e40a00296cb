using System.Diagnostics;
using FalseReject.Web.Statistics;

namespace FalseReject.Benchmarks;

/// <summary>
/// Self-BLEU-4 (seeded K = 500) + distinct-2 (pooled) over N generated train-shaped prompts
/// (default 14,624, ~40 words each from a 20,000-word Zipf-like vocabulary), tokenising included.
/// <c>dotnet run -c Release --project tests/FalseReject.Benchmarks -- diversity [--rows N]</c>.
/// </summary>
public sealed class DiversityDriver : IBenchmarkDriver
{
    public string Verb => "diversity";

    public string Description => "Self-BLEU-4 (K=500) + distinct-2 over N train-shaped prompts (default 14,624)";

    public Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var rows = 14_624;
        for (var i = 0; i + 1 < args.Length; i++) if (args[i] == "--rows") rows = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
        var random = new Random(1);
        var texts = new List<string>(rows);
        for (var s = 0; s < rows; s++)
        {
            var length = random.Next(20, 60);
            var words = new string[length];
            for (var w = 0; w < length; w++) words[w] = "w" + (int)Math.Pow(20_000, random.NextDouble());
            texts.Add(string.Join(' ', words));
        }
        for (var run = 0; run < 3; run++)
        {
            var sw = Stopwatch.StartNew();
            var corpus = TokenizedCorpus.FromTexts(texts, lowerCase: true);
            var tokenised = sw.Elapsed.TotalMilliseconds;
            var bleu = Diversity.SelfBleuSampled(corpus, 4, seed: 42);
            var bleuDone = sw.Elapsed.TotalMilliseconds;
            var distinct = Diversity.DistinctN(corpus, 2);
            sw.Stop();
            output.WriteLine($"run {run + 1}: {rows} prompts, {bleu}, distinct-2 = {distinct:0.####}, {sw.Elapsed.TotalMilliseconds:0} ms " +
                $"(tokenise {tokenised:0}, Self-BLEU {bleuDone - tokenised:0}, distinct {sw.Elapsed.TotalMilliseconds - bleuDone:0}); load {Environment.ProcessorCount} cpus");
        }
        return Task.FromResult(0);
    }
}
