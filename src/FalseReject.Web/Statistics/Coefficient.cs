using System.Globalization;

namespace FalseReject.Web.Statistics;

/// <summary>
/// A statistic that is either a finite number or undefined with a reason a person can read
/// ("every vote is the same label: expected disagreement is zero"). Nothing in this folder
/// returns NaN or infinity; an undefined value is this type with <see cref="Value"/> null.
/// </summary>
public readonly record struct Coefficient
{
    private readonly string? _undefinedReason;

    private Coefficient(double? value, string? undefinedReason)
    {
        Value = value;
        _undefinedReason = undefinedReason;
    }

    /// <summary>The number, or null when the statistic is undefined.</summary>
    public double? Value { get; }

    /// <summary>Why the statistic is undefined; null when it is defined.</summary>
    public string? UndefinedReason => Value.HasValue ? null : _undefinedReason ?? "not computed";

    public bool IsDefined => Value.HasValue;

    public static Coefficient Defined(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A defined statistic must be a finite number.");
        }
        return new Coefficient(value, null);
    }

    public static Coefficient Undefined(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new Coefficient(null, reason);
    }

    public override string ToString() =>
        Value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : $"undefined: {UndefinedReason}";
}
