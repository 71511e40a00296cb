using Microsoft.Playwright;

namespace FalseReject.E2E;

/// <summary>
/// A reviewer at work in real Chromium: two annotators disagree, the reviewer finds the items in
/// the disagreement queue, decides them from the keyboard, they show as adjudicated, and the
/// agreement page's agreement-with-gold follows.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class ReviewTests(AppServer server, BrowserFixture browser)
{
    private const string Password = "Review-E2e-Pass-1";

    [Fact]
    public async Task AReviewer_ResolvesDisagreementsFromTheKeyboard_AndTheItemsShowAsAdjudicated()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var datasetId = await SeedAsync($"review-{tag}", votesPerItem: 2,
            [.. Enumerable.Range(0, 3).Select(i => $"How do I get into my own car when the keys are locked inside? ({tag} query {i})")]);
        var alice = await CreateUserAsync($"alice-{tag}", "Annotator");
        var bob = await CreateUserAsync($"bob-{tag}", "Annotator");
        var rita = await CreateUserAsync($"rita-{tag}", "Reviewer");

        // Alice: Safe, Safe, Safe. Bob: Unsafe, Safe (unsure), Safe. Query 0 splits, query 1 carries
        // an Unsure flag, query 2 settles unanimously.
        await LabelAsync(alice, datasetId, tag, ["s", "s", "s"]);
        await LabelAsync(bob, datasetId, tag, ["u", "?s", "s"]);

        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.LoginAsync(server.BaseUrl, rita, Password);

        // Before: only query 2 is settled (unanimously), so each annotator matches gold on 1 of 1, none adjudicated.
        await ExpectGoldAgreementAsync(page, $"review-{tag}", alice, "(1/1)", adjudicated: "0");
        await ExpectGoldAgreementAsync(page, $"review-{tag}", bob, "(1/1)", adjudicated: "0");

        await page.GotoAsync($"{server.BaseUrl}/review?dataset={datasetId}");
        await page.WaitForInteractiveAsync();

        // The queue: two open disputes, the split one (agreement 0 %) first.
        await Assertions.Expect(page.Locator("[data-testid=count-open-disputes]")).ToContainTextAsync("Open disputes: 2");
        await Assertions.Expect(page.Locator("[data-testid=count-unanimous]")).ToContainTextAsync("Unanimous: 1");
        var rows = page.Locator("[data-testid=queue-row]");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync($"{tag} query 0");
        await Assertions.Expect(rows.Nth(0).Locator("[data-testid=queue-agreement]")).ToHaveTextAsync("0%");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync($"{tag} query 1");
        await page.MaybeScreenshotAsync("review-queue");

        // Open the first; the workspace takes the focus, so keys work at once.
        await rows.Nth(0).Locator("[data-testid=queue-open]").ClickAsync();
        await ExpectItemAsync(page, $"{tag} query 0");
        await Assertions.Expect(page.Locator("[data-testid=vote-row]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-testid=votes]")).ToContainTextAsync(alice);
        await Assertions.Expect(page.Locator("[data-testid=votes]")).ToContainTextAsync(bob);

        // X hides the names.
        await page.Keyboard.PressAsync("x");
        await Assertions.Expect(page.Locator("[data-testid=vote-annotator]").First).ToHaveTextAsync("Annotator 1");
        await Assertions.Expect(page.Locator("[data-testid=votes]")).Not.ToContainTextAsync(alice);

        // 1 (Safe), A (annotator error), Ctrl+Enter.
        await page.Keyboard.PressAsync("1");
        await Assertions.Expect(page.Locator("[data-testid=selected-gold]")).ToHaveTextAsync("Safe");
        await page.Keyboard.PressAsync("a");
        await page.Keyboard.PressAsync("Control+Enter");
        await Assertions.Expect(page.Locator("[data-testid=adjudication-message]")).ToContainTextAsync("Saved");
        await Assertions.Expect(page.Locator("[data-testid=item-status]")).ToHaveTextAsync("Adjudicated");
        await Assertions.Expect(page.Locator("[data-testid=gold-current]")).ToContainTextAsync($"Gold: Safe · Adjudicated by {rita}");
        var history = page.Locator("[data-testid=gold-history-row]");
        await Assertions.Expect(history).ToHaveCountAsync(1);
        await Assertions.Expect(history).ToContainTextAsync("Annotator error");
        await page.MaybeScreenshotAsync("review-adjudicated");

        // N: the next item of the queue; 2 (Unsafe), G (guideline gap), H (high), a note, Ctrl+Enter from the note.
        await FocusedAsync(page);
        await page.Keyboard.PressAsync("n");
        await ExpectItemAsync(page, $"{tag} query 1");
        await Assertions.Expect(page.Locator("[data-testid=vote-unsure]")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("2");
        await page.Keyboard.PressAsync("g");
        await page.Keyboard.PressAsync("h");
        await page.Keyboard.PressAsync("c");
        await page.WaitForFunctionAsync("() => document.activeElement?.dataset?.testid === 'note'");
        await page.Keyboard.TypeAsync("Guidelines say nothing about vehicles.");
        await page.Keyboard.PressAsync("Control+Enter");
        await Assertions.Expect(page.Locator("[data-testid=gold-current]")).ToContainTextAsync("Gold: Unsafe · Adjudicated");
        await Assertions.Expect(page.Locator("[data-testid=gold-current]")).ToContainTextAsync("confidence High");
        await Assertions.Expect(page.Locator("[data-testid=gold-current]")).ToContainTextAsync("Guidelines say nothing about vehicles.");

        // P: back to the first, still adjudicated.
        await FocusedAsync(page);
        await page.Keyboard.PressAsync("p");
        await ExpectItemAsync(page, $"{tag} query 0");
        await Assertions.Expect(page.Locator("[data-testid=item-status]")).ToHaveTextAsync("Adjudicated");

        // The queue: no open disputes left; both under "adjudicated".
        await page.Locator("[data-testid=back-to-queue]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=count-open-disputes]")).ToContainTextAsync("Open disputes: 0");
        await Assertions.Expect(page.Locator("[data-testid=count-adjudicated]")).ToContainTextAsync("Adjudicated: 2");
        await Assertions.Expect(page.Locator("[data-testid=review-queue-empty]")).ToBeVisibleAsync();
        await page.GotoAsync($"{server.BaseUrl}/review?dataset={datasetId}&status=Adjudicated");
        var adjudicated = page.Locator("[data-testid=queue-row]");
        await Assertions.Expect(adjudicated).ToHaveCountAsync(2);
        await Assertions.Expect(adjudicated.Filter(new() { HasText = $"{tag} query 0" }).Locator("[data-testid=queue-status]")).ToHaveTextAsync("Adjudicated: Safe");
        await Assertions.Expect(adjudicated.Filter(new() { HasText = $"{tag} query 1" }).Locator("[data-testid=queue-status]")).ToHaveTextAsync("Adjudicated: Unsafe");

        // The agreement page follows: gold is now Safe, Unsafe, Safe. Alice (Safe ×3) matches 2 of 3,
        // Bob (Unsafe, Safe, Safe) 1 of 3, and both voted on the 2 adjudicated items.
        await ExpectGoldAgreementAsync(page, $"review-{tag}", alice, "(2/3)", adjudicated: "2");
        await ExpectGoldAgreementAsync(page, $"review-{tag}", bob, "(1/3)", adjudicated: "2");
    }

    /// <summary>The agreement page's row for an annotator against the gold labels: matches (k/n), adjudicated and majority-settled items.</summary>
    private async Task ExpectGoldAgreementAsync(IPage page, string dataset, string annotator, string matches, string adjudicated)
    {
        await page.GotoAsync($"{server.BaseUrl}/agreement?dataset={Uri.EscapeDataString(dataset)}");
        var row = page.Locator("[data-testid=gold-table] tbody tr").Filter(new() { HasText = annotator });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator("td").Nth(3)).ToContainTextAsync(matches);
        await Assertions.Expect(row.Locator("td").Nth(5)).ToHaveTextAsync(adjudicated);
        // No majority settlements in this dataset (two votes per item): the last column counts none.
        await Assertions.Expect(row.Locator("td").Nth(6)).ToHaveTextAsync("0");
    }

    [Fact]
    public async Task AnAnnotatorWithoutTheReviewerRole_IsKeptOutOfReview()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var annotator = await CreateUserAsync($"nora-{tag}", "Annotator");
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.LoginAsync(server.BaseUrl, annotator, Password);
        await page.GotoAsync($"{server.BaseUrl}/review");
        await Assertions.Expect(page.Locator("[data-testid=review-counts], [data-testid=review-dataset]")).ToHaveCountAsync(0);
        Assert.DoesNotContain("Open disputes", await page.ContentAsync());
    }

    /// <summary>Labels the dataset's items in order from the keyboard; "?s" marks Unsure, then Safe.</summary>
    private async Task LabelAsync(string email, int datasetId, string tag, string[] keys)
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.LoginAsync(server.BaseUrl, email, Password);
        await page.GotoAsync($"{server.BaseUrl}/annotate/{datasetId}");
        await page.WaitForInteractiveAsync();
        for (var i = 0; i < keys.Length; i++)
        {
            await Assertions.Expect(page.Locator("[data-testid=prompt]")).ToContainTextAsync($"{tag} query {i}");
            await page.WaitForFunctionAsync("() => document.activeElement?.dataset?.testid === 'labeling-root'");
            foreach (var key in keys[i])
            {
                await page.Keyboard.PressAsync(key.ToString());
            }
            await page.Keyboard.PressAsync("Enter");
        }
        await Assertions.Expect(page.Locator("[data-testid=queue-empty]")).ToBeVisibleAsync();
    }

    private static async Task ExpectItemAsync(IPage page, string text)
    {
        await Assertions.Expect(page.Locator("[data-testid=prompt]")).ToContainTextAsync(text);
        await FocusedAsync(page);
    }

    /// <summary>The adjudication workspace takes the focus itself when an item appears.</summary>
    private static Task FocusedAsync(IPage page) =>
        page.WaitForFunctionAsync("() => document.activeElement?.dataset?.testid === 'adjudication-root'");

    /// <summary>Writes a dataset, its queries and its annotation settings into the server's store.</summary>
    private Task<int> SeedAsync(string name, int votesPerItem, IReadOnlyList<string> prompts) =>
        server.SeedAnnotationDatasetAsync(name, votesPerItem, showResponses: false, [.. prompts.Select(p => new AppServer.SeedQuery(p, 10))]);

    /// <summary>Creates a user with the app's own command line (users add), against the server's store.</summary>
    private async Task<string> CreateUserAsync(string name, string role)
    {
        var email = $"{name}@e2e.falsereject.local";
        await server.CliAsync("users", "add", "--email", email, "--password", Password, "--role", role);
        return email;
    }
}
