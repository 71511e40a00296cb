using System.Text;
using FalseReject.Web.Features.Datasets.Import;

namespace FalseReject.Web.Tests.Datasets;

/// <summary>Finding escaped lone surrogates in raw JSON, the check both file readers make before decoding a string.</summary>
public sealed class JsonEscapesTests
{
    [Theory]
    [InlineData("\"half \\ud800 a pair\"", "\\ud800")]
    [InlineData("\"\\uDBFF\"", "\\uDBFF")]
    [InlineData("\"low first \\udc00\\ud800\"", "\\udc00")]
    [InlineData("\"high then text \\ud83dx\"", "\\ud83d")]
    [InlineData("\"two highs \\ud83d\\ud83d\\ude00\"", "\\ud83d")]
    [InlineData("[\"fine\", {\"deep\": \"\\ud800\"}]", "\\ud800")]
    [InlineData("\"at the end \\ud800\"", "\\ud800")]
    public void FindsTheFirstLoneSurrogate_AsWritten(string json, string expected) =>
        Assert.Equal(expected, JsonEscapes.FindLoneSurrogate(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("\"plain text\"")]
    [InlineData("\"a pair \\ud83d\\ude00 is a character\"")]
    [InlineData("\"an escaped backslash, then text: \\\\ud800\"")]
    [InlineData("\"other escapes \\n \\t \\\" \\u00e9 \\/\"")]
    [InlineData("\"\\ud83d\\uDE00\"")]
    public void FindsNothing_InText(string json) =>
        Assert.Null(JsonEscapes.FindLoneSurrogate(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public async Task ASurrogatePair_StillImports_AsTheCharacter()
    {
        await using var host = await ServiceTestHost.StartAsync();

        var result = await host.ImportTextAsync("{\"prompt\": \"Is \\ud83d\\ude00 a threat?\", \"category\": 1, \"note\": \"\\ud83d\\ude00\"}");

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        await using var db = await host.CreateDbContextAsync();
        Assert.Equal("Is 😀 a threat?", Assert.Single(db.Queries).Prompt);
    }
}
