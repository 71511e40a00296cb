using System.Text;

namespace FalseReject.Web.Features.Datasets.Import;

/// <summary>
/// Escaped lone surrogates in raw JSON: <c>"\ud800"</c> with no second half is valid JSON but not
/// text, and System.Text.Json throws when it decodes such a string. Both file readers (datasets'
/// <see cref="JsonlRowReader"/> and runs' <c>RunFileParser</c>) look for one before decoding a
/// string, so the file is refused naming the line and the field instead of failing the server.
/// </summary>
internal static class JsonEscapes
{
    /// <summary>The problem, after the field's name: "prompt: contains \ud800, an escaped lone surrogate...".</summary>
    public static string LoneSurrogateMessage(string escape) =>
        $"contains {escape}, an escaped lone surrogate (half of a UTF-16 pair, not a character): write the character itself or both halves of its pair";

    /// <summary>
    /// The first escaped lone surrogate (as written, e.g. <c>\ud800</c>) in a piece of raw JSON: a
    /// string's value or any value holding strings; null when there is none. Escapes are read in
    /// order, so <c>\\ud800</c> (an escaped backslash, then text) is not one.
    /// </summary>
    public static string? FindLoneSurrogate(ReadOnlySpan<byte> json)
    {
        var at = json.IndexOf((byte)'\\');
        while (at >= 0 && at + 1 < json.Length)
        {
            var next = at + 2;
            if (json[at + 1] == (byte)'u')
            {
                if (Unit(json, at) is not { } unit)
                {
                    return null; // not a complete escape: the JSON reader reports it
                }
                next = at + 6;
                if (char.IsHighSurrogate(unit))
                {
                    if (Unit(json, next) is not { } low || !char.IsLowSurrogate(low))
                    {
                        return Encoding.ASCII.GetString(json.Slice(at, 6));
                    }
                    next += 6;
                }
                else if (char.IsLowSurrogate(unit))
                {
                    return Encoding.ASCII.GetString(json.Slice(at, 6));
                }
            }
            var rest = next < json.Length ? json[next..].IndexOf((byte)'\\') : -1;
            at = rest < 0 ? -1 : next + rest;
        }
        return null;
    }

    /// <summary>The UTF-16 unit of the <c>\uXXXX</c> escape at <paramref name="at"/>, or null when there is none.</summary>
    private static char? Unit(ReadOnlySpan<byte> json, int at)
    {
        if (at + 6 > json.Length || json[at] != (byte)'\\' || json[at + 1] != (byte)'u')
        {
            return null;
        }
        var value = 0;
        foreach (var b in json.Slice(at + 2, 4))
        {
            var digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return null;
            }
            value = (value << 4) | digit;
        }
        return (char)value;
    }
}
