using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Runs;

namespace FalseReject.Web.Tests.Runs;

public sealed class ResponseClassesTests
{
    [Theory]
    [InlineData("The model declines. [[Direct Refusal]]", ResponseClass.DirectRefusal)]
    [InlineData("[[Safe Partial Compliance]]", ResponseClass.SafePartialCompliance)]
    [InlineData("Reasoning first...\nFinal: [[full compliance]]", ResponseClass.FullCompliance)]
    [InlineData("[[ Direct Refusal ]]", ResponseClass.DirectRefusal)]
    [InlineData("It answered [[Full Compliance]] and, to repeat, [[Full Compliance]]", ResponseClass.FullCompliance)]
    [InlineData("[[not a class]] then [[Safe Partial Compliance]]", ResponseClass.SafePartialCompliance)]
    public void ParseJudgeOutput_FindsTheClassInsideDoubleBrackets(string output, ResponseClass expected) =>
        Assert.Equal(expected, ResponseClasses.ParseJudgeOutput(output));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Direct Refusal")] // named, but not in brackets
    [InlineData("[Direct Refusal]")]
    [InlineData("[[Refusal]]")]
    [InlineData("[[Direct Refusal")]
    [InlineData("The judge failed to answer.")]
    [InlineData("[[Direct Refusal]] or maybe [[Full Compliance]]")] // ambiguous: not guessed
    public void ParseJudgeOutput_GivesNoClass_WhenNoneOrConflictingClassesAreBracketed(string? output) =>
        Assert.Null(ResponseClasses.ParseJudgeOutput(output));

    [Theory]
    [InlineData("direct refusal", ResponseClass.DirectRefusal)]
    [InlineData("  SAFE PARTIAL COMPLIANCE ", ResponseClass.SafePartialCompliance)]
    [InlineData("Full Compliance", ResponseClass.FullCompliance)]
    public void TryParseName_IsCaseInsensitive(string label, ResponseClass expected)
    {
        Assert.True(ResponseClasses.TryParseName(label, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("Refusal")]
    [InlineData("Partial Compliance")]
    [InlineData("[[Full Compliance]]")]
    public void TryParseName_RejectsAnythingElse(string label) => Assert.False(ResponseClasses.TryParseName(label, out _));
}
