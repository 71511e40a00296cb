using CsvHelper;

namespace FalseReject.Web.Rendering;

/// <summary>
/// The one rule for every CSV file the app writes (the dataset exports, the leaderboard download):
/// RFC 4180, UTF-8 without a byte order mark, fields quoted when they need it and when they start
/// or end with whitespace (so that no reader trims them); and a text cell that starts like a
/// spreadsheet formula (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return) gets a
/// single quote in front, as OWASP advises against CSV injection, so that a spreadsheet shows it as
/// text instead of running it. Numbers are not text: written with <see cref="CsvWriter"/>'s numeric
/// overloads they are never escaped. <c>raw</c> writes every cell exactly as stored, for a file that
/// must re-import to the same text; the caller asks for it explicitly.
/// </summary>
public static class SafeCsv
{
    /// <summary>What goes in front of a cell that starts like a formula.</summary>
    public const char FormulaEscape = '\'';

    private static readonly CsvWriterOptions Escaped = CsvWriterOptions.Default with
    {
        Quoting = CsvQuoting.WhenNeededOrWhitespace,
        Injection = CsvInjection.Escape,
        InjectionCharacters = "=+-@\t\r",
        InjectionEscape = FormulaEscape,
    };

    private static readonly CsvWriterOptions Raw = Escaped with { Injection = CsvInjection.None };

    /// <summary>The writer options: formula-looking cells escaped, or with <paramref name="raw"/> written as they are.</summary>
    public static CsvWriterOptions Options(bool raw = false) => raw ? Raw : Escaped;
}
