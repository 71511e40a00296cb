using Microsoft.Playwright;

namespace FalseReject.E2E;

/// <summary>
/// Annotators at work in real Chromium: two of them label the same items from the keyboard
/// without seeing each other's votes, undo works, and hostile text in queries, responses and
/// comments stays inert.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class AnnotationTests(AppServer server, BrowserFixture browser)
{
    private const string Password = "Annotator-E2e-Pass-1";

    [Fact]
    public async Task TwoAnnotators_LabelTheSameItemsFromTheKeyboard_UndoWorks_AndNeitherSeesTheOthersVote()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var datasetId = await server.SeedAnnotationDatasetAsync($"two-annotators-{tag}", votesPerItem: 2, showResponses: false,
            [.. Enumerable.Range(0, 3).Select(i => new AppServer.SeedQuery($"Which household chemicals must never be mixed when cleaning? ({tag} query {i})", 40))]);
        var alice = await CreateAnnotatorAsync($"alice-{tag}");
        var bob = await CreateAnnotatorAsync($"bob-{tag}");

        await using var aliceContext = await browser.Browser.NewContextAsync();
        await using var bobContext = await browser.Browser.NewContextAsync();
        var a = await aliceContext.NewPageAsync();
        var b = await bobContext.NewPageAsync();
        await a.LoginAsync(server.BaseUrl, alice, Password);
        await b.LoginAsync(server.BaseUrl, bob, Password);

        // Alice: S Enter on query 0, U, comment, Enter on query 1.
        await OpenQueueAsync(a, datasetId);
        await ExpectPromptAsync(a, $"{tag} query 0");
        await a.Keyboard.PressAsync("s");
        await Assertions.Expect(a.Locator("[data-testid=selected-label]")).ToHaveTextAsync("Safe");
        await a.Keyboard.PressAsync("Enter");
        await ExpectPromptAsync(a, $"{tag} query 1");
        await a.Keyboard.PressAsync("u");
        await a.Keyboard.PressAsync("c");
        await a.WaitForFunctionAsync("() => document.activeElement?.dataset?.testid === 'comment'");
        await a.Keyboard.TypeAsync("ALICE-PRIVATE-NOTE sounds like poisoning");
        await a.Keyboard.PressAsync("Enter");
        await ExpectPromptAsync(a, $"{tag} query 2");
        // Accepted submissions leave no warning behind.
        await Assertions.Expect(a.Locator("[data-testid=labeling-message]")).ToHaveCountAsync(0);
        await a.MaybeScreenshotAsync("annotate-labeling");

        // Z: back to query 1 with her vote, still editable; she changes it to Safe.
        await FocusedOnLabelingAsync(a);
        await a.Keyboard.PressAsync("z");
        await ExpectPromptAsync(a, $"{tag} query 1");
        await Assertions.Expect(a.Locator("[data-testid=editing]")).ToBeVisibleAsync();
        await Assertions.Expect(a.Locator("[data-testid=selected-label]")).ToHaveTextAsync("Unsafe");
        await Assertions.Expect(a.Locator("[data-testid=comment]")).ToHaveValueAsync("ALICE-PRIVATE-NOTE sounds like poisoning");
        await FocusedOnLabelingAsync(a);
        await a.Keyboard.PressAsync("s");
        await a.Keyboard.PressAsync("Enter");
        // ...and is back on the item she held.
        await ExpectPromptAsync(a, $"{tag} query 2");

        // Bob gets the partly labeled query 0 first, with no trace of Alice's vote.
        await OpenQueueAsync(b, datasetId);
        await ExpectPromptAsync(b, $"{tag} query 0");
        await Assertions.Expect(b.Locator("[data-testid=selected-label]")).ToHaveTextAsync("none");
        await Assertions.Expect(b.Locator("[data-testid=editing]")).ToHaveCountAsync(0);
        Assert.DoesNotContain("ALICE-PRIVATE-NOTE", await b.ContentAsync());
        await b.Keyboard.PressAsync("s");
        await b.Keyboard.PressAsync("c");
        await b.WaitForFunctionAsync("() => document.activeElement?.dataset?.testid === 'comment'");
        await b.Keyboard.TypeAsync("BOB-PRIVATE-NOTE");
        await b.Keyboard.PressAsync("Enter");
        await ExpectPromptAsync(b, $"{tag} query 1");
        Assert.DoesNotContain("ALICE-PRIVATE-NOTE", await b.ContentAsync());
        // Bob disagrees on query 1 (Alice's final answer there was Safe).
        await b.Keyboard.PressAsync("u");
        await b.Keyboard.PressAsync("Enter");
        await ExpectPromptAsync(b, $"{tag} query 2");

        // Alice's history: query 0 settled Safe (both agreed); query 1 disputed, so no final label; no trace of Bob.
        await a.GotoAsync($"{server.BaseUrl}/annotate/history");
        var rows = a.Locator("[data-testid=history-row]");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        var settled = rows.Filter(new() { HasText = $"{tag} query 0" });
        await Assertions.Expect(settled.Locator("[data-testid=history-final]")).ToContainTextAsync("Safe");
        var disputed = rows.Filter(new() { HasText = $"{tag} query 1" });
        await Assertions.Expect(disputed.Locator("[data-testid=history-final]")).ToContainTextAsync("not settled yet");
        Assert.DoesNotContain("BOB-PRIVATE-NOTE", await a.ContentAsync());
        await a.MaybeScreenshotAsync("annotate-history");

        await b.GotoAsync($"{server.BaseUrl}/annotate/history");
        await Assertions.Expect(b.Locator("[data-testid=history-row]")).ToHaveCountAsync(2);
        Assert.DoesNotContain("ALICE-PRIVATE-NOTE", await b.ContentAsync());
    }

    [Fact]
    public async Task HostileTextInQueriesResponsesAndComments_NeverExecutes()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var queries = XssPayloads.Select((payload, i) => new AppServer.SeedQuery(
            $"{payload} ({tag} hostile {i})", 1 + i % 46,
            Instruct: $"## Context\n{XssPayloads[(i + 1) % XssPayloads.Length]}\n\n**safe** part",
            Reasoning: XssPayloads[(i + 2) % XssPayloads.Length],
            Solution: XssPayloads[(i + 3) % XssPayloads.Length])).ToList();
        var datasetId = await server.SeedAnnotationDatasetAsync($"hostile-{tag}", votesPerItem: 1, showResponses: true, queries);
        var annotator = await CreateAnnotatorAsync($"xss-{tag}");

        // The page's Content-Security-Policy would block inline script anyway: bypass it, so the
        // test proves the rendering itself is inert.
        await using var context = await browser.Browser.NewContextAsync(new() { BypassCSP = true });
        var page = await context.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };
        await page.LoginAsync(server.BaseUrl, annotator, Password);

        // Positive control: in this context an inline handler does run, so a silent page below means inert markup.
        await page.EvaluateAsync("() => document.body.insertAdjacentHTML('beforeend', '<img id=probe src=x onerror=\"window.__probe = 1\">')");
        await page.WaitForFunctionAsync("() => window.__probe === 1");
        await page.EvaluateAsync("() => document.getElementById('probe').remove()");

        // Label every hostile query, writing a hostile comment on each.
        await OpenQueueAsync(page, datasetId);
        for (var i = 0; i < queries.Count; i++)
        {
            await ExpectPromptAsync(page, $"{tag} hostile {i}");
            await Assertions.Expect(page.Locator("[data-testid=response-instruct]")).ToContainTextAsync("safe part");
            await page.Locator("[data-testid=cot-reasoning] summary").ClickAsync();
            await AssertInertAsync(page, dialogs);
            // The click focused the summary, inside the workspace: keys still reach it.
            await page.Keyboard.PressAsync(i % 2 == 0 ? "s" : "u");
            await page.FillAsync("[data-testid=comment]", XssPayloads[(i + 4) % XssPayloads.Length]);
            await page.PressAsync("[data-testid=comment]", "Enter");
        }
        await Assertions.Expect(page.Locator("[data-testid=queue-empty]")).ToBeVisibleAsync();

        // The response review shows the responses again.
        await page.GotoAsync($"{server.BaseUrl}/annotate/{datasetId}?task=review");
        await ExpectPromptAsync(page, $"{tag} hostile 0");
        await Assertions.Expect(page.Locator("[data-testid=response-cot]")).ToBeVisibleAsync();
        await AssertInertAsync(page, dialogs);

        // The history shows prompts and comments as text: literally, and inert.
        await page.GotoAsync($"{server.BaseUrl}/annotate/history");
        await Assertions.Expect(page.Locator("[data-testid=history-row]")).ToHaveCountAsync(queries.Count);
        var comments = string.Join("\n", await page.Locator("[data-testid=history-comment]").AllInnerTextsAsync());
        Assert.Contains("<script>window.__xss = 'script'</script>", comments);
        Assert.Contains("<img src=x onerror=\"window.__xss = 'img'\">", comments);
        await AssertInertAsync(page, dialogs);
    }

    /// <summary>Script tags, event handlers, javascript: links, SVG, markdown image and link tricks; each would set window.__xss or open a dialog.</summary>
    private static readonly string[] XssPayloads =
    [
        "<script>window.__xss = 'script'</script>",
        "<img src=x onerror=\"window.__xss = 'img'\">",
        "<svg onload=\"window.__xss = 'svg-onload'\"></svg>",
        "<svg><script>window.__xss = 'svg-script'</script></svg>",
        "[click me](javascript:window.__xss='md-link')",
        "![pic](x\" onerror=\"window.__xss='md-image-attr')",
        "![pic](javascript:window.__xss='md-image-js')",
        "<a href=\"javascript:window.__xss='a-href'\">a link</a>",
        "<iframe src=\"javascript:window.__xss='iframe'\"></iframe>",
        "<details open ontoggle=\"window.__xss='details'\"><summary>x</summary></details>",
        "<input autofocus onfocus=\"window.__xss='autofocus'\">",
        "<body onload=\"window.__xss='body'\">",
        "\"><script>alert('breakout')</script>",
        "<math><mtext><table><mglyph><style><img src=x onerror=\"window.__xss='mxss'\">",
        "<object data=\"javascript:window.__xss='object'\"></object>",
        "<video><source onerror=\"window.__xss='video'\"></video>",
        "[x](  javascript:alert('spaced'))",
        "<img src=x onerror=alert('alert-img')>",
        "<a href=\"jav&#x09;ascript:window.__xss='entity'\">entity</a>",
        "<style>body{background:url(\"javascript:window.__xss='css'\")}</style>",
    ];

    private static async Task AssertInertAsync(IPage page, List<string> dialogs)
    {
        // Give any handler a chance to fire (images fail to load asynchronously).
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var fired = await page.EvaluateAsync<string?>("() => window.__xss ?? null");
        Assert.Null(fired);
        Assert.Empty(dialogs);
        var main = page.Locator("main, .mud-main-content").First;
        Assert.Equal(0, await main.Locator("script, iframe, object, embed, svg script").CountAsync());
        Assert.Equal(0, await main.Locator("a[href^='javascript' i], [onerror], [onload], [onfocus], [ontoggle]").CountAsync());
    }

    private async Task OpenQueueAsync(IPage page, int datasetId)
    {
        await page.GotoAsync($"{server.BaseUrl}/annotate/{datasetId}");
        await page.WaitForInteractiveAsync();
    }

    private static async Task ExpectPromptAsync(IPage page, string text)
    {
        await Assertions.Expect(page.Locator("[data-testid=prompt]")).ToContainTextAsync(text);
        await FocusedOnLabelingAsync(page);
    }

    /// <summary>The workspace takes the focus itself when an item appears, so keys work at once.</summary>
    private static Task FocusedOnLabelingAsync(IPage page) =>
        page.WaitForFunctionAsync("() => document.activeElement?.dataset?.testid === 'labeling-root'");

    /// <summary>Creates an annotator with the app's own command line (users add), against the server's store.</summary>
    private async Task<string> CreateAnnotatorAsync(string name)
    {
        var email = $"{name}@e2e.falsereject.local";
        await server.CliAsync("users", "add", "--email", email, "--password", Password, "--role", "Annotator");
        return email;
    }
}
