using FalseReject.Web.Features.Datasets.Import;

namespace FalseReject.Web.Tests.Datasets;

/// <summary>The normalised form duplicate detection compares: one test per rule.</summary>
public sealed class PromptKeyTests
{
    [Fact]
    public void ComposesToNfc_SoADecomposedAccentEqualsThePrecomposedLetter()
    {
        Assert.NotEqual("Caf\u00e9", "Cafe\u0301");

        Assert.Equal("Caf\u00e9", PromptKey.Of("Cafe\u0301"));
        Assert.Equal(PromptKey.Of("Caf\u00e9"), PromptKey.Of("Cafe\u0301"));
    }

    [Theory]
    [InlineData("a  b\tc", "a b c")]
    [InlineData("  a b c\n", "a b c")]
    [InlineData("a\r\n\r\nb \t c", "a b c")]
    [InlineData("a\u00a0b\u3000c\u2003d", "a b c d")]
    [InlineData("a\u2028b\u0085c", "a b c")]
    public void CollapsesEveryRunOfWhiteSpaceToOneSpace_AndTrims(string prompt, string expected) =>
        Assert.Equal(expected, PromptKey.Of(prompt));

    [Theory]
    [InlineData("pass\u200Bword")]
    [InlineData("pass\u200Cword")]
    [InlineData("pass\u200Dword")]
    [InlineData("pass\u2060word")]
    [InlineData("pass\uFEFFword")]
    [InlineData("pass\u00ADword")]
    [InlineData("\uFEFFpass\u200B\u200Bword\u200D")]
    public void RemovesZeroWidthCharactersAndSoftHyphens_InsideAWordAndAtItsEnds(string prompt) =>
        Assert.Equal("password", PromptKey.Of(prompt));

    [Fact]
    public void RemovesZeroWidthCharacters_BeforeComposing_AndBeforeCollapsingWhiteSpace()
    {
        // A zero-width space between a letter and its accent, and one between two spaces.
        Assert.Equal("Caf\u00e9 au lait", PromptKey.Of("Cafe\u200B\u0301 \u200B au lait"));
    }

    [Fact]
    public void KeepsCase_ByDefault()
    {
        Assert.Equal("How do Locks work?", PromptKey.Of("How do Locks work?"));
        Assert.NotEqual(PromptKey.Of("how do locks work?"), PromptKey.Of("HOW DO LOCKS WORK?"));
    }

    [Fact]
    public void FoldsCase_WhenAsked_IncludingAccentedAndGreekLetters()
    {
        Assert.Equal(PromptKey.Of("how do locks work?", ignoreCase: true), PromptKey.Of("HOW DO Locks work?", ignoreCase: true));
        Assert.Equal(PromptKey.Of("caf\u00e9", ignoreCase: true), PromptKey.Of("CAFE\u0301", ignoreCase: true));
        Assert.Equal(PromptKey.Of("\u03c3\u03bf\u03c6\u03bf\u03c2", ignoreCase: true), PromptKey.Of("\u03a3\u039f\u03a6\u039f\u03a3", ignoreCase: true));
    }

    [Theory]
    [InlineData("How do pickpockets operate in crowds?")]
    [InlineData("\u00bfC\u00f3mo se fabrica una ganz\u00faa?")]
    [InlineData("")]
    public void ReturnsAPromptThatIsAlreadyNormal_Unchanged(string prompt) =>
        Assert.Same(prompt, PromptKey.Of(prompt));

    [Theory]
    [InlineData("  Line one\n\nline\u200B two\t")]
    [InlineData("Cafe\u0301 \u00a0 au lait")]
    [InlineData("\uFEFF \u00AD ")]
    public void IsIdempotent(string prompt)
    {
        var key = PromptKey.Of(prompt);

        Assert.Equal(key, PromptKey.Of(key));
        var folded = PromptKey.Of(prompt, ignoreCase: true);
        Assert.Equal(folded, PromptKey.Of(folded, ignoreCase: true));
    }

    [Fact]
    public void LeavesALoneSurrogateInPlace_InsteadOfThrowing() =>
        Assert.Equal("a\ud800 b", PromptKey.Of("a\ud800  b"));

    [Fact]
    public void KeepsOtherCharactersAsTheyAre_WithoutCompatibilityFolding()
    {
        // NFC, not NFKC: a ligature and full-width letters stay distinct prompts.
        Assert.Equal("\ufb01ne", PromptKey.Of("\ufb01ne"));
        Assert.NotEqual(PromptKey.Of("fine"), PromptKey.Of("\ufb01ne"));
        Assert.NotEqual(PromptKey.Of("abc"), PromptKey.Of("\uff41\uff42\uff43"));
    }

    [Fact]
    public void TheHash_IsTheSha256HexOfTheNormalisedForm()
    {
        const string abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

        Assert.Equal(abc, PromptHash.Compute("  abc\n"));
        Assert.Equal(abc, PromptHash.Compute("a\u200Bbc"));
        Assert.NotEqual(abc, PromptHash.Compute("ABC"));
        Assert.Equal(PromptHash.Compute("ABC"), PromptHash.Compute("\tabc ", ignoreCase: true));
    }
}
