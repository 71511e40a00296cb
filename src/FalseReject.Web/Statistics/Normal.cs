namespace FalseReject.Web.Statistics;

/// <summary>
/// The standard normal distribution, the complementary error function and the chi-square
/// distribution's upper tail. The quantile is Wichura's AS241 (PPND16, Applied Statistics 37:477–484,
/// 1988; relative accuracy about 1e-16); erfc and the chi-square tail come from the regularized
/// upper incomplete gamma function (series / Lentz continued fraction), accurate to about 1e-14
/// even deep in the tail, where 1 − CDF would cancel to zero.
/// </summary>
public static class Normal
{
    private const double Z95 = 1.959963984540054;

    /// <summary>
    /// The z with P(|Z| ≤ z) = <paramref name="confidence"/>: 1.959964 for 0.95, 2.575829 for 0.99.
    /// </summary>
    public static double TwoSidedCriticalValue(double confidence)
    {
        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "Confidence must lie strictly between 0 and 1.");
        }
        // 0.95 is by far the common case; skip the rational approximation for it.
        return confidence == 0.95 ? Z95 : Quantile(0.5 + (confidence / 2));
    }

    /// <summary>The inverse CDF Φ⁻¹(p) for 0 &lt; p &lt; 1 (Wichura's AS241).</summary>
    public static double Quantile(double p)
    {
        if (!(p > 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "The probability must lie strictly between 0 and 1.");
        }

        double q = p - 0.5;
        double num, den;
        if (Math.Abs(q) <= 0.425)
        {
            double r = 0.180625 - (q * q);
            num = (((((((2.50908_09287_30122_6727e+3 * r +
                         3.34305_75583_58812_8105e+4) * r +
                         6.72657_70927_00870_0853e+4) * r +
                         4.59219_53931_54987_1457e+4) * r +
                         1.37316_93765_50946_1125e+4) * r +
                         1.97159_09503_06551_4427e+3) * r +
                         1.33141_66789_17843_7745e+2) * r +
                         3.38713_28727_96366_6080e+0) * q;
            den = (((((((5.22649_52788_52854_5610e+3 * r +
                         2.87290_85735_72194_2674e+4) * r +
                         3.93078_95800_09271_0610e+4) * r +
                         2.12137_94301_58659_5867e+4) * r +
                         5.39419_60214_24751_1077e+3) * r +
                         6.87187_00749_20579_0830e+2) * r +
                         4.23133_30701_60091_1252e+1) * r +
                         1.0);
            return num / den;
        }

        double t = Math.Sqrt(-Math.Log(q <= 0 ? p : 1 - p));
        if (t <= 5.0)
        {
            t -= 1.6;
            num = (((((((7.74545_01427_83414_07640e-4 * t +
                         2.27238_44989_26918_45833e-2) * t +
                         2.41780_72517_74506_11770e-1) * t +
                         1.27045_82524_52368_38258e+0) * t +
                         3.64784_83247_63204_60504e+0) * t +
                         5.76949_72214_60691_40550e+0) * t +
                         4.63033_78461_56545_29590e+0) * t +
                         1.42343_71107_49683_57734e+0);
            den = (((((((1.05075_00716_44416_84324e-9 * t +
                         5.47593_80849_95344_94600e-4) * t +
                         1.51986_66563_61645_71966e-2) * t +
                         1.48103_97642_74800_74590e-1) * t +
                         6.89767_33498_51000_04550e-1) * t +
                         1.67638_48301_83803_84940e+0) * t +
                         2.05319_16266_37758_82187e+0) * t +
                         1.0);
        }
        else
        {
            t -= 5.0;
            num = (((((((2.01033_43992_92288_13265e-7 * t +
                         2.71155_55687_43487_57815e-5) * t +
                         1.24266_09473_88078_43860e-3) * t +
                         2.65321_89526_57612_30930e-2) * t +
                         2.96560_57182_85048_91230e-1) * t +
                         1.78482_65399_17291_33580e+0) * t +
                         5.46378_49111_64114_36990e+0) * t +
                         6.65790_46435_01103_77720e+0);
            den = (((((((2.04426_31033_89939_78564e-15 * t +
                         1.42151_17583_16445_88870e-7) * t +
                         1.84631_83175_10054_68180e-5) * t +
                         7.86869_13114_56132_59100e-4) * t +
                         1.48753_61290_85061_48525e-2) * t +
                         1.36929_88092_27358_05310e-1) * t +
                         5.99832_20655_58879_37690e-1) * t +
                         1.0);
        }
        double x = num / den;
        return q < 0 ? -x : x;
    }

    /// <summary>The CDF Φ(z) = erfc(−z/√2)/2.</summary>
    public static double Cdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>The complementary error function erfc(x) = 1 − erf(x), without cancellation for large x.</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "erfc of NaN is undefined.");
        }
        // erfc(x) = Q(1/2, x²) for x ≥ 0, and erfc(−x) = 2 − erfc(x).
        double upper = x == 0 ? 1 : Gamma.UpperRegularized(0.5, x * x);
        return x >= 0 ? upper : 2 - upper;
    }

    /// <summary>
    /// P(χ²(df) ≥ <paramref name="statistic"/>): the p-value of a chi-square statistic.
    /// For 1 degree of freedom this equals erfc(√(x/2)).
    /// </summary>
    public static double ChiSquareUpperTail(double statistic, int degreesOfFreedom = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degreesOfFreedom);
        if (!(statistic >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(statistic), statistic, "A chi-square statistic is a non-negative number.");
        }
        return statistic == 0 ? 1 : Gamma.UpperRegularized(degreesOfFreedom / 2.0, statistic / 2);
    }
}

/// <summary>The log-gamma and regularized incomplete gamma functions (Numerical Recipes §6.1–6.2).</summary>
internal static class Gamma
{
    private const double Epsilon = 1e-15;
    private const double Tiny = 1e-300;
    private const int MaxIterations = 1000;

    // Lanczos approximation, g = 7, n = 9; relative error below 1e-15 for x > 0.
    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7,
    ];

    /// <summary>ln Γ(x) for x &gt; 0.</summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "LogGamma is implemented for x > 0.");
        }
        if (x == 0.5)
        {
            return 0.5 * Math.Log(Math.PI); // exact: Γ(1/2) = √π; the common case (1 df, erfc)
        }
        if (x < 0.5)
        {
            // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        }
        x -= 1;
        double a = Lanczos[0];
        double t = x + 7.5;
        for (int i = 1; i < Lanczos.Length; i++)
        {
            a += Lanczos[i] / (x + i);
        }
        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(a);
    }

    /// <summary>Q(a, x) = Γ(a, x) / Γ(a) for a &gt; 0, x ≥ 0.</summary>
    public static double UpperRegularized(double a, double x)
    {
        if (!(a > 0) || !(x >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "Q(a, x) needs a > 0 and x ≥ 0.");
        }
        if (x == 0)
        {
            return 1;
        }
        if (double.IsPositiveInfinity(x))
        {
            return 0;
        }
        double logPrefactor = (-x) + (a * Math.Log(x)) - LogGamma(a);
        return x < a + 1
            ? 1 - (Math.Exp(logPrefactor) * LowerSeries(a, x))
            : Math.Exp(logPrefactor) * UpperContinuedFraction(a, x);
    }

    // Σ x^n / (a (a+1) … (a+n)); P(a, x) = prefactor × this.
    private static double LowerSeries(double a, double x)
    {
        double ap = a;
        double term = 1 / a;
        double sum = term;
        for (int n = 0; n < MaxIterations; n++)
        {
            ap += 1;
            term *= x / ap;
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * Epsilon)
            {
                return sum;
            }
        }
        return sum;
    }

    // Modified Lentz evaluation of the continued fraction for Γ(a, x); Q(a, x) = prefactor × this.
    private static double UpperContinuedFraction(double a, double x)
    {
        double b = x + 1 - a;
        double c = 1 / Tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MaxIterations; i++)
        {
            double an = -i * (i - a);
            b += 2;
            d = (an * d) + b;
            if (Math.Abs(d) < Tiny)
            {
                d = Tiny;
            }
            c = b + (an / c);
            if (Math.Abs(c) < Tiny)
            {
                c = Tiny;
            }
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Epsilon)
            {
                break;
            }
        }
        return h;
    }
}
