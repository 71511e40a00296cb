namespace FalseReject.Web.Statistics;

/// <summary>Which of McNemar's p-values a screen should show.</summary>
public enum McNemarMethod
{
    /// <summary>The exact binomial test on the discordant pairs (two-sided).</summary>
    ExactBinomial,

    /// <summary>The chi-square statistic with Edwards' continuity correction, 1 df.</summary>
    ChiSquareCorrected,
}

/// <summary>
/// McNemar's test for two paired binary outcomes (e.g. "refused" by run A and by run B on the same
/// prompts), from the discordant counts: <see cref="B"/> pairs where only the first outcome holds
/// and <see cref="C"/> where only the second holds. Concordant pairs do not enter the test.
/// </summary>
/// <param name="ChiSquare">(|b − c| − 1)² / (b + c), continuity-corrected (the correction never makes it negative); null when b + c = 0.</param>
/// <param name="ChiSquareUncorrected">(b − c)² / (b + c); null when b + c = 0.</param>
/// <param name="PValueChiSquare">P(χ²₁ ≥ ChiSquare).</param>
/// <param name="PValueExact">Two-sided exact binomial p: min(1, 2·P(X ≤ min(b, c))), X ~ Bin(b + c, ½).</param>
/// <param name="Method">The p-value to show: exact when b + c &lt; <see cref="McNemar.ExactBelow"/>, else the corrected chi-square.</param>
/// <param name="UndefinedReason">Set when b + c = 0: there is no evidence of a difference; p = 1.</param>
public sealed record McNemarResult(
    int B,
    int C,
    double? ChiSquare,
    double? ChiSquareUncorrected,
    double PValueChiSquare,
    double PValueExact,
    McNemarMethod Method,
    string? UndefinedReason)
{
    public int Discordant => B + C;

    /// <summary>The p-value to show (see <see cref="Method"/>).</summary>
    public double PValue => Method == McNemarMethod.ExactBinomial ? PValueExact : PValueChiSquare;
}

public static class McNemar
{
    /// <summary>
    /// Below this many discordant pairs the chi-square approximation is poor, and the UI shows the
    /// exact binomial p-value (the usual rule, e.g. Agresti, "Categorical Data Analysis", §10.1).
    /// At or above it both agree closely and the corrected chi-square is the familiar figure.
    /// </summary>
    public const int ExactBelow = 25;

    public static McNemarResult Test(int b, int c)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(b);
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        int n = b + c;
        if (n == 0)
        {
            return new McNemarResult(b, c, null, null, 1, 1, McNemarMethod.ExactBinomial,
                "no discordant pairs: the two outcomes agree on every pair, so there is no evidence of a difference (p = 1)");
        }

        double diff = Math.Abs(b - c);
        double corrected = Math.Max(0, diff - 1);
        double chiCorrected = corrected * corrected / n;
        double chiUncorrected = diff * diff / n;
        return new McNemarResult(
            b,
            c,
            chiCorrected,
            chiUncorrected,
            Normal.ChiSquareUpperTail(chiCorrected),
            ExactTwoSided(b, c),
            n < ExactBelow ? McNemarMethod.ExactBinomial : McNemarMethod.ChiSquareCorrected,
            null);
    }

    /// <summary>
    /// Counts the discordant pairs of two paired outcome lists (pairs where either is null are
    /// skipped) and tests them: b = first true and second false, c = first false and second true.
    /// </summary>
    public static McNemarResult Test(ReadOnlySpan<bool?> first, ReadOnlySpan<bool?> second)
    {
        if (first.Length != second.Length)
        {
            throw new ArgumentException($"The outcome lists differ in length ({first.Length} and {second.Length}).", nameof(second));
        }
        int b = 0, c = 0;
        for (int i = 0; i < first.Length; i++)
        {
            if (first[i] is { } x && second[i] is { } y && x != y)
            {
                if (x)
                {
                    b++;
                }
                else
                {
                    c++;
                }
            }
        }
        return Test(b, c);
    }

    // 2·P(X ≤ m), X ~ Bin(n, ½), m = min(b, c), capped at 1. The terms are summed in log space
    // relative to the largest (the last, since m ≤ n/2), so n in the tens of thousands neither
    // overflows the binomial coefficients nor underflows 2⁻ⁿ.
    private static double ExactTwoSided(int b, int c)
    {
        int n = b + c;
        int m = Math.Min(b, c);
        if (2 * m >= n)
        {
            return 1; // b = c
        }
        // log C(n, k) for k = 0..m, built incrementally; the sum of exp(logC(k) − logC(m)).
        Span<double> logC = m < 512 ? stackalloc double[m + 1] : new double[m + 1];
        logC[0] = 0;
        for (int k = 1; k <= m; k++)
        {
            logC[k] = logC[k - 1] + Math.Log(n - k + 1) - Math.Log(k);
        }
        double sum = 0;
        for (int k = 0; k <= m; k++)
        {
            sum += Math.Exp(logC[k] - logC[m]);
        }
        double logTail = logC[m] + Math.Log(sum) - (n * Math.Log(2));
        return Math.Min(1, 2 * Math.Exp(logTail));
    }
}
