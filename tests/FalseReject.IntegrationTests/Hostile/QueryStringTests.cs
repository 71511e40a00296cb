using System.Globalization;
using System.Net;
using FalseReject.IntegrationTests.Security;

namespace FalseReject.IntegrationTests.Hostile;

/// <summary>
/// Every page that reads numbers or booleans from the query string ([SupplyParameterFromQuery]),
/// opened by a signed-in user of its role (MatrixFactory's sessions, dataset, run and item) with
/// values that are not numbers, overflow an int, are out of range or are not booleans: the page
/// renders (the bad value is ignored, as if absent), never a server error.
/// </summary>
public sealed class QueryStringTests(MatrixFactory factory) : IClassFixture<MatrixFactory>
{
    private const string DatasetName = MatrixFactory.DatasetName;

    /// <summary>The bad values: not a number, beyond int, the largest int (whose page offset overflows), negative, a fraction.</summary>
    private static readonly string[] BadNumbers = ["abc", "99999999999", "2147483647", "-5", "1.5", ""];

    public static TheoryData<string> ReviewerUrls()
    {
        var urls = new TheoryData<string>();
        foreach (var bad in BadNumbers)
        {
            var v = Uri.EscapeDataString(bad);
            urls.Add($"/review?dataset={v}");
            urls.Add($"/review?category={v}");
            urls.Add($"/review/items/{{item}}?category={v}");
            urls.Add($"/runs/{{run}}?page={v}");
            urls.Add($"/runs/{{run}}?category={v}");
            urls.Add($"/runs/compare?a={v}&b={{run}}");
            urls.Add($"/runs/compare?a={{run}}&b={v}");
            urls.Add($"/agreement/items?dataset={DatasetName}&category={v}");
            urls.Add($"/datasets/{{dataset}}/queries?category={v}");
            urls.Add($"/datasets/{{dataset}}/queries?category=10&category={v}");
        }
        urls.Add("/runs/compare?a={run}&b={run}&flips=maybe");
        urls.Add($"/agreement/items?dataset={DatasetName}&settled=maybe");
        return urls;
    }

    public static TheoryData<string> AnnotatorUrls()
    {
        var urls = new TheoryData<string>();
        foreach (var bad in BadNumbers)
        {
            var v = Uri.EscapeDataString(bad);
            urls.Add($"/annotate?category={v}");
            urls.Add($"/annotate/{{dataset}}?category={v}");
        }
        return urls;
    }

    [Theory]
    [MemberData(nameof(ReviewerUrls))]
    public async Task AReviewerPage_WithABadQueryValue_Renders(string url) => await AssertRendersAsync("reviewer", url);

    [Theory]
    [MemberData(nameof(AnnotatorUrls))]
    public async Task AnAnnotatorPage_WithABadQueryValue_Renders(string url) => await AssertRendersAsync("annotator", url);

    [Theory]
    [InlineData("/Account/LoginWith2fa?rememberMe=maybe")]
    [InlineData("/Account/LoginWith2fa?rememberMe=true")]
    [InlineData("/Account/LoginWithRecoveryCode")]
    public async Task TheSecondStepOfALogin_WithoutAFirst_OrWithANonBooleanRememberMe_GoesBackToTheLogin(string url)
    {
        var response = await factory.Cookies["anonymous"].GetAsync(url);

        HttpAssert.RedirectsTo(response, "/Account/Login");
    }

    private async Task AssertRendersAsync(string role, string url)
    {
        var path = url.Replace("{run}", factory.RunId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{dataset}", factory.DatasetId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{item}", factory.ItemId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var response = await factory.Cookies[role].GetAsync(path);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: HTTP {(int)response.StatusCode} {body[..Math.Min(body.Length, 600)]}");
    }
}
