namespace FalseReject.Web.Api;

/// <summary>
/// The upload endpoints' reading of form fields: one flag syntax for every checkbox-like field,
/// and fields sent more than once. ASP.NET Core joins repeated values with a comma
/// (<c>model=a&amp;model=b</c> reads as "a,b"), which would store a name nobody sent; the upload
/// endpoints refuse them instead.
/// </summary>
internal static class FormFields
{
    public static string SentTwiceMessage(string field) => $"The form field '{field}' appears more than once: send it once.";

    /// <summary>The first field (or file field) of a read form that was sent more than once; null when none was.</summary>
    public static string? FirstRepeated(IFormCollection form) =>
        form.Keys.FirstOrDefault(key => form[key].Count > 1)
        ?? form.Files.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1)?.Key;

    /// <summary>A form flag: true or false (any case), or what an HTML checkbox sends (on), or 1 / 0; null for anything else.</summary>
    public static bool? ParseFlag(string? value)
    {
        var text = value?.Trim();
        return bool.TryParse(text, out var flag) ? flag
            : text is "1" || string.Equals(text, "on", StringComparison.OrdinalIgnoreCase) ? true
            : text is "0" ? false
            : null;
    }
}
