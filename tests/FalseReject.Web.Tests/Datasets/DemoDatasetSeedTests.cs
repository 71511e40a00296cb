using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Features.Datasets;
using FalseReject.Web.Features.Datasets.Import;
using FalseReject.Web.Security;

namespace FalseReject.Web.Tests.Datasets;

public sealed class DemoDatasetSeedTests
{
    [Fact]
    public async Task DemoMode_ImportsTheDemoDatasetOnce_ThroughTheImporter()
    {
        await using var host = await ServiceTestHost.StartAsync(new Dictionary<string, string?> { ["Seed:Demo"] = "true" });
        await host.InitializeAsync(); // a second start adds nothing

        await using var db = await host.CreateDbContextAsync();
        var dataset = await db.Datasets.SingleAsync();
        Assert.Equal(DemoDatasetSeed.DatasetName, dataset.Name);
        Assert.Equal(DemoDatasetSeed.Description, dataset.Description);
        Assert.Equal(96, await db.Queries.CountAsync());
        Assert.Equal(28, await db.Queries.CountAsync(q => q.HasResponses));
        Assert.Equal(46, await db.Queries.Select(q => q.CategoryId).Distinct().CountAsync());
        Assert.Equal(11, await db.Queries.CountAsync(q => q.MetadataJson != null && q.MetadataJson.Contains("\"synthetic\"")));
        Assert.Equal(28, await db.Queries.CountAsync(q => q.CotReasoning != null && q.CotSolution == q.InstructResponse));

        var listed = Assert.Single(await host.GetRequiredService<DatasetService>().ListAsync());
        Assert.Equal((96, 28), (listed.QueryCount, listed.WithResponsesCount));
    }

    [Fact]
    public async Task WithoutDemoMode_NoDatasetIsSeeded()
    {
        await using var host = await ServiceTestHost.StartAsync();
        Assert.Equal((0, 0), await host.CountRowsAsync());
    }
}

public sealed class DatasetServiceTests
{
    [Fact]
    public async Task ListsDatasetsByName_WithRowAndResponseCounts_AndFindsOneByName()
    {
        await using var host = await ServiceTestHost.StartAsync();
        await host.ImportTextAsync("""{"prompt": "b1", "category": 1, "instruct_response": "r"}""" + "\n" + """{"prompt": "b2", "category": 2}""", "beta", description: "second");
        await host.ImportTextAsync("""{"prompt": "a1", "category": 1}""", "alpha");
        var service = host.GetRequiredService<DatasetService>();

        var list = await service.ListAsync();

        Assert.Equal(["alpha", "beta"], list.Select(d => d.Name));
        Assert.Equal((2, 1), (list[1].QueryCount, list[1].WithResponsesCount));
        Assert.Equal("second", list[1].Description);
        Assert.Equal([(1, 1), (2, 1)], list[1].Categories.Select(c => (c.CategoryId, c.Count)));
        var beta = (await service.GetByNameAsync(" beta "))!;
        Assert.Equal(list[1], beta with { Categories = list[1].Categories });
        Assert.Equal(list[1].Categories, beta.Categories);
        Assert.Null(await service.GetByNameAsync("gamma"));
    }

    [Fact]
    public async Task RefusesAnnotators()
    {
        await using var host = await ServiceTestHost.StartAsync();
        host.SignInAs("annotator@example.org", Roles.Annotator);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => host.GetRequiredService<DatasetService>().ListAsync());
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => host.AsAsync(ImportTestSupport.Actor(Roles.Annotator), () => host.GetRequiredService<DatasetService>().ListAsync()));
    }
}
