using System.Globalization;

namespace FalseReject.Web.Components.Shared;

/// <summary>
/// Query-string values read leniently. Blazor throws while rendering when a typed
/// <c>[SupplyParameterFromQuery]</c> value cannot be converted (<c>?category=abc</c>,
/// <c>?page=99999999999</c>), a server error for a hand-edited URL; so pages bind such filters as
/// strings and parse them here, and a value that is not a whole number (or a boolean) in range is
/// ignored, as if it were absent.
/// </summary>
public static class QueryValues
{
    /// <summary>A whole number; null when absent or not an <see cref="int"/>.</summary>
    public static int? Int(string? value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>The whole numbers among repeated values (<c>?category=10&amp;category=19</c>), the others left out.</summary>
    public static int[] Ints(string[]? values) =>
        values is null ? [] : [.. values.Select(Int).OfType<int>()];

    /// <summary><c>true</c> or <c>false</c> (any case); null otherwise.</summary>
    public static bool? Bool(string? value) =>
        bool.TryParse(value, out var flag) ? flag : null;
}
