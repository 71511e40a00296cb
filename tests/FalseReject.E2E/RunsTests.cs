using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Playwright;

namespace FalseReject.E2E;

[Collection(E2ECollection.Name)]
public sealed class RunsTests(AppServer server, BrowserFixture browser)
{
    [Fact]
    public async Task UploadedRun_IsRankedWithTheRightNumbers_AndTheChartsAreDrawn()
    {
        // A four-prompt dataset, imported with the app's own CLI into the server's store.
        var datasetName = $"E2E runs {Guid.NewGuid():N}"[..20];
        var folder = Directory.CreateTempSubdirectory("falsereject-e2e-runs").FullName;
        var datasetFile = Path.Combine(folder, "dataset.jsonl");
        await File.WriteAllLinesAsync(datasetFile,
        [
            """{"prompt": "E2E prompt one", "category": 7}""",
            """{"prompt": "E2E prompt two", "category": 7}""",
            """{"prompt": "E2E prompt three", "category": 41}""",
            """{"prompt": "E2E prompt four", "category": 41}""",
        ]);
        await RunCliAsync("datasets", "import", datasetFile, "--name", datasetName);

        // FC, SPC (from the judge's brackets), DR, FC, and one unjudged line: N = 4, CR = 0.5, USR = 0.75.
        var runFile = Path.Combine(folder, "run.jsonl");
        await File.WriteAllLinesAsync(runFile,
        [
            """{"prompt": "E2E prompt one", "response": "Here is how.", "label": "Full Compliance"}""",
            """{"prompt": "E2E prompt two", "response": "Partly.", "judge_output": "[[Safe Partial Compliance]]"}""",
            """{"prompt": "E2E prompt three", "response": "No.", "label": "direct refusal"}""",
            """{"prompt": "E2E prompt four", "response": "Sure <script>alert(1)</script>", "label": "Full Compliance"}""",
        ]);

        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };
        await page.LoginAsync(server.BaseUrl, AppServer.AdminEmail, AppServer.AdminPassword);

        await page.GotoAsync($"{server.BaseUrl}/runs");
        await page.WaitForInteractiveAsync();
        await page.Locator("[data-testid=upload-dataset]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = datasetName }).ClickAsync();
        await page.GetByLabel("Model", new() { Exact = true }).FillAsync("E2E Model");
        await page.GetByLabel("Model", new() { Exact = true }).PressAsync("Tab");
        await page.SetInputFilesAsync("[data-testid=upload-file]", runFile);
        await page.Locator("[data-testid=upload-submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=upload-done]")).ToContainTextAsync("4 responses, 0 unjudged");
        await Assertions.Expect(page.Locator("[data-testid=upload-progress]")).ToContainTextAsync("Done 100%");

        await page.Locator("[data-testid=upload-leaderboard]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/leaderboard", StringComparison.Ordinal));
        var row = page.Locator("[data-testid=leaderboard-grid] tbody tr", new() { HasText = "E2E Model" });
        await row.WaitForAsync();
        Assert.Equal("1", await row.Locator("[data-testid=rank]").InnerTextAsync());
        Assert.Equal("4", await row.Locator("[data-testid=n]").InnerTextAsync());
        Assert.Equal("0.500", await row.Locator("[data-testid=cr]").InnerTextAsync());
        Assert.Equal("0.750", await row.Locator("[data-testid=usr]").InnerTextAsync());
        Assert.Equal("0.250", await row.Locator("[data-testid=refusal]").InnerTextAsync());

        // Plotly draws each chart as SVG.
        foreach (var chart in new[] { "class-bars", "scatter", "heatmap" })
        {
            await page.Locator($"[data-testid={chart}] svg.main-svg").First.WaitForAsync(new() { Timeout = 30_000 });
        }
        await page.MaybeScreenshotAsync("leaderboard");

        // The run's page renders the response's markup as text, never as a script.
        await row.Locator("a").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/runs/", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("[data-testid=items-total]")).ToHaveTextAsync("4 responses");
        Assert.Equal(0, dialogs);
    }

    [Fact]
    public async Task RunImportedWithTheCli_WhileTheServerRuns_ShowsOnItsAlreadyCachedLeaderboard()
    {
        var datasetName = $"E2E fresh {Guid.NewGuid():N}"[..20];
        var folder = Directory.CreateTempSubdirectory("falsereject-e2e-fresh").FullName;
        var datasetFile = Path.Combine(folder, "dataset.jsonl");
        await File.WriteAllLinesAsync(datasetFile, ["""{"prompt": "E2E fresh prompt", "category": 7}"""]);
        await RunCliAsync("datasets", "import", datasetFile, "--name", datasetName);
        var token = (await RunCliAsync("tokens", "create", "--email", AppServer.AdminEmail)).Split('\n')[0].Trim();
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var url = $"/api/leaderboard?dataset={Uri.EscapeDataString(datasetName)}";

        // The server computes and caches the (empty) leaderboard...
        using (var before = JsonDocument.Parse(await client.GetStringAsync(url)))
        {
            Assert.Equal(0, before.RootElement.GetArrayLength());
        }

        // ...another process (the CLI) imports a run into the same store...
        var runFile = Path.Combine(folder, "run.jsonl");
        await File.WriteAllLinesAsync(runFile, ["""{"prompt": "E2E fresh prompt", "response": "Here is how.", "label": "Full Compliance"}"""]);
        await RunCliAsync("runs", "import", runFile, "--dataset", datasetName, "--model", "E2E Fresh Model");

        // ...and the server's next request shows it.
        using var after = JsonDocument.Parse(await client.GetStringAsync(url));
        var entry = Assert.Single(after.RootElement.EnumerateArray());
        Assert.Equal("E2E Fresh Model", entry.GetProperty("model").GetString());
    }

    private Task<string> RunCliAsync(params string[] args) => server.CliAsync(args);
}
