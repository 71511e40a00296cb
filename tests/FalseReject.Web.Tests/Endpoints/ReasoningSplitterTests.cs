using FalseReject.Web.Features.Endpoints.Wire;

namespace FalseReject.Web.Tests.Endpoints;

public sealed class ReasoningSplitterTests
{
    [Theory]
    [InlineData("Plain answer.", null, "Plain answer.", null)]
    [InlineData("<think>why</think>\n\nAnswer.", null, "Answer.", "why")]
    [InlineData("why\n</think>\n\nAnswer.", null, "Answer.", "why")]
    [InlineData("<think>still thinking and the budget ran out", null, "", "still thinking and the budget ran out")]
    [InlineData("Answer.", "field reasoning", "Answer.", "field reasoning")]
    [InlineData("<think>same</think>Answer.", "same", "Answer.", "same")]
    [InlineData(null, "only reasoning", "", "only reasoning")]
    [InlineData("<THINK>upper</THINK> Answer", null, "Answer", "upper")]
    public void Splits(string? content, string? field, string answer, string? reasoning)
    {
        var (a, r) = ReasoningSplitter.Split(content, field);
        Assert.Equal(answer, a);
        Assert.Equal(reasoning, r);
    }
}
