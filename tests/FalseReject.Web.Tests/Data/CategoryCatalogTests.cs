using FalseReject.Web.Data;

namespace FalseReject.Web.Tests.Data;

public sealed class CategoryCatalogTests
{
    [Fact]
    public void Has46Categories_WithUniqueNames()
    {
        Assert.Equal(46, CategoryCatalog.All.Count);
        Assert.Equal(46, CategoryCatalog.All.Select(c => c.Name).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 46), CategoryCatalog.All.Select(c => c.Id));
    }

    [Theory]
    [InlineData(1, "Personal Insulting Words", "Hate speech")]
    [InlineData(5, "Libelous Words", "Hate speech")]
    [InlineData(6, "Self-Harm", "Crimes or torts")]
    [InlineData(25, "Human Elimination & World Domination", "Crimes or torts")]
    [InlineData(26, "Advice on Adult Content", "Inappropriate topics")]
    [InlineData(40, "Harmful & Unhealthy Behaviors Promotion", "Inappropriate topics")]
    [InlineData(41, "Medical Advice", "Unqualified advice")]
    [InlineData(45, "Dangerous Machinery Operation Advice", "Unqualified advice")]
    [InlineData(46, "Others", "Others")]
    public void NamesAndDomains_MatchTheReleasedFiles(int id, string name, string domain)
    {
        Assert.Equal(name, CategoryCatalog.NameOf(id));
        Assert.Equal(domain, CategoryCatalog.DomainOf(id));
        Assert.Equal(id, CategoryCatalog.IdOf(name));
        Assert.Equal(id, CategoryCatalog.IdOf($"  {name.ToUpperInvariant()} "));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(47)]
    [InlineData(-1)]
    public void RejectsIdsOutside1To46(int id)
    {
        Assert.False(CategoryCatalog.IsValidId(id));
        Assert.Throws<ArgumentOutOfRangeException>(() => CategoryCatalog.NameOf(id));
    }

    [Fact]
    public void UnknownName_HasNoId() => Assert.Null(CategoryCatalog.IdOf("Weather Forecasting"));
}
