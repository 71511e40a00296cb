using FalseReject.Web.Features.Judging;

namespace FalseReject.Web.Tests.Judging;

public sealed class JudgeTemplatingTests
{
    [Fact]
    public void V1_IsThePapersPrompt_WithBothPlaceholders()
    {
        Assert.StartsWith("I need your help with classifying responses from a large language model", JudgePromptV1.Text);
        Assert.EndsWith("PROMPT: \"{prompt}\"\nRESPONSE: \"{response}\"\nCLASS:", JudgePromptV1.Text.ReplaceLineEndings("\n"));
        Assert.Null(JudgeTemplating.Validate(JudgePromptV1.Text));
        Assert.Equal(64, JudgeTemplating.Sha256(JudgePromptV1.Text).Length);
    }

    [Fact]
    public void Fill_SubstitutesOnce_AndLeavesPlaceholdersInsideTheResponse()
    {
        var filled = JudgeTemplating.Fill("P: \"{prompt}\" R: \"{response}\"", "what is {response}?", "a {prompt} echo");
        Assert.Equal("P: \"what is {response}?\" R: \"a {prompt} echo\"", filled);
    }

    [Fact]
    public void Validate_RequiresBothPlaceholders()
    {
        Assert.NotNull(JudgeTemplating.Validate("only {prompt}"));
        Assert.NotNull(JudgeTemplating.Validate("only {response}"));
    }

    [Fact]
    public void Sha256_IsOfTheUtf8Text() =>
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", JudgeTemplating.Sha256("abc"));
}
