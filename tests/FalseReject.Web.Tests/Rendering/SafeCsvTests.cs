using System.Text;
using CsvHelper;
using FalseReject.Web.Rendering;

namespace FalseReject.Web.Tests.Rendering;

/// <summary>The one CSV rule (OWASP's CSV injection advice): formula-looking text cells get a single quote in front, unless raw.</summary>
public sealed class SafeCsvTests
{
    private static string Write(bool raw, Action<CsvWriter> write)
    {
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, SafeCsv.Options(raw), leaveOpen: true))
        {
            write(csv);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Theory]
    [InlineData("=1+1", "\"'=1+1\"")]
    [InlineData("+1", "\"'+1\"")]
    [InlineData("-1", "\"'-1\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("\tcmd", "\"'\tcmd\"")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("a=1", "a=1")]
    [InlineData("'quoted already", "'quoted already")]
    [InlineData("", "\"\"")]
    public void ATextCellThatStartsLikeAFormula_GetsASingleQuote(string cell, string written) =>
        Assert.Equal(written + "\r\n", Write(raw: false, csv => csv.WriteRecord([cell])));

    [Theory]
    [InlineData("=1+1", "=1+1")]
    [InlineData("-1", "-1")]
    [InlineData("@SUM(A1)", "@SUM(A1)")]
    [InlineData("\tcmd", "\"\tcmd\"")] // quoted because it starts with whitespace, not escaped
    public void Raw_WritesEveryCellAsItIs(string cell, string written) =>
        Assert.Equal(written + "\r\n", Write(raw: true, csv => csv.WriteRecord([cell])));

    [Fact]
    public void Numbers_AreNeverEscaped()
    {
        var text = Write(raw: false, csv =>
        {
            csv.WriteField(-5);
            csv.WriteField(-0.25, "R");
            csv.WriteField("-5");
            csv.EndRecord();
        });
        Assert.Equal("-5,-0.25,\"'-5\"\r\n", text);
    }
}
