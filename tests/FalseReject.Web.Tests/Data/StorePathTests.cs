using FalseReject.Web;
using FalseReject.Web.Data;

namespace FalseReject.Web.Tests.Data;

public sealed class StorePathTests
{
    [Fact]
    public void RelativeSqlitePath_IsResolvedAgainstTheContentRoot_AndItsFolderCreatedOnlyWhenAsked()
    {
        var root = Path.Combine(Path.GetTempPath(), $"fr-root-{Guid.NewGuid():N}");
        try
        {
            var resolved = DataServiceExtensions.ResolveSqlitePath("Data Source=data/falsereject.db", root);
            Assert.Contains($"Data Source={Path.Combine(root, "data", "falsereject.db")}", resolved);
            Assert.False(Directory.Exists(Path.Combine(root, "data")));

            DataServiceExtensions.CreateSqliteFolder(resolved);
            Assert.True(Directory.Exists(Path.Combine(root, "data")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void AbsoluteAndInMemorySqlitePaths_AreKept()
    {
        Assert.Contains("Data Source=/tmp/x.db", DataServiceExtensions.ResolveSqlitePath("Data Source=/tmp/x.db", "/elsewhere"));
        Assert.Contains(":memory:", DataServiceExtensions.ResolveSqlitePath("Data Source=:memory:", "/elsewhere"));
    }

    [Fact]
    public void ContentRoot_IsFoundByWalkingUpToTheSolutionFile()
    {
        var root = ContentRoot.FindFrom(AppContext.BaseDirectory);
        Assert.NotNull(root);
        Assert.True(File.Exists(Path.Combine(root, "FalseReject.sln")));
        Assert.True(File.Exists(Path.Combine(root, "appsettings.json")));
        Assert.True(Directory.Exists(Path.Combine(root, "wwwroot")));
        Assert.Null(ContentRoot.FindFrom(Path.GetTempPath()));
    }
}
