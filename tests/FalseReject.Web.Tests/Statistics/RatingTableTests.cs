using FalseReject.Web.Statistics;

namespace FalseReject.Web.Tests.Statistics;

public sealed class RatingTableTests
{
    [Fact]
    public void Builder_MapsKeysToRowsAndColumns_InFirstSeenOrder_WithCompactCategories()
    {
        var builder = new RatingTableBuilder<int, string>()
            .Add(101, "ann", 7)
            .Add(101, "bob", 9)
            .Add(205, "bob", 7)
            .AddItem(300)
            .AddRater("cat");

        var table = builder.Build();

        Assert.Equal([101, 205, 300], builder.Items);
        Assert.Equal(["ann", "bob", "cat"], builder.Raters);
        Assert.Equal(3, table.ItemCount);
        Assert.Equal(3, table.RaterCount);
        Assert.Equal([7, 9], table.CategoryLabels.ToArray());
        Assert.Equal(0, table[0, 0]);
        Assert.Equal(1, table[0, 1]);
        Assert.Equal(RatingTable.Missing, table[1, 0]);
        Assert.Equal(9, table.LabelAt(0, 1));
        Assert.Null(table.LabelAt(2, 2));
        Assert.Equal(3, table.RatingCount);
        Assert.Equal(-1, table.CategoryIndexOf(8));
    }

    [Fact]
    public void Builder_RejectsASecondLabelFromTheSameRaterOnTheSameItem_NamingBoth()
    {
        var builder = new RatingTableBuilder<int, string>().Add(5, "ann", 1).Add(5, "ann", 2);

        var error = Assert.Throws<InvalidOperationException>(builder.Build);

        Assert.Contains("'ann'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'5'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CountByItem_TalliesEachItemsLabels()
    {
        var table = RatingTable.FromMatrix(new int?[,] { { 1, 1, 0 }, { null, 0, null } });

        var counts = table.CountByItem();

        Assert.Equal([1, 2], counts.Row(0).ToArray());
        Assert.Equal(3, counts.RatingsOf(0));
        Assert.Equal(1, counts.RatingsOf(1));
        Assert.Equal(1, counts[1, 0]);
    }

    [Fact]
    public void SelectItems_KeepsRatersAndCategories_ForPerCategoryStatistics()
    {
        var table = RatingTable.FromMatrix(new int?[,] { { 1, 1 }, { 0, 1 }, { 0, 0 } });

        var subset = table.SelectItems([2, 0]);

        Assert.Equal(2, subset.ItemCount);
        Assert.Equal(2, subset.CategoryCount);
        Assert.Equal([0, 0], subset.Row(0).ToArray());
        Assert.Equal([1, 1], subset.Row(1).ToArray());
    }

    [Fact]
    public void FromRaterColumns_RejectsColumnsOfDifferentLengths()
    {
        Assert.Throws<ArgumentException>(() => RatingTable.FromRaterColumns([[1, 2], [1]]));
    }
}
