using System.Net;
using System.Text.RegularExpressions;

namespace FalseReject.IntegrationTests.Operations;

/// <summary>
/// Issue 13, point 6: a build that was not published (<c>dotnet run --no-launch-profile</c>, or
/// <c>dotnet bin/…/FalseReject.Web.dll</c>) run in Production serves the framework's and
/// MudBlazor's static web assets, which stay in the SDK's and NuGet's folders until a publish
/// copies them (they answered 500 before).
/// </summary>
[Collection(ProductionOverHttp.Collection)]
public sealed partial class UnpublishedBuildTests(ProductionOverHttp fixture)
{
    [Theory]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.js")]
    public async Task InProduction_ServesTheFrameworkAndMudBlazorAssets(string path)
    {
        using var client = fixture.App.CreateBrowserClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task InProduction_EveryScriptAndStylesheetOfTheLoginPage_IsServed_AsABrowserAsksForIt()
    {
        using var client = fixture.App.CreateBrowserClient();
        var page = await client.GetStringAsync("/Account/Login");
        var assets = AssetReference().Matches(page).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Contains(assets, a => a.StartsWith("_framework/blazor.web.", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("_content/MudBlazor/", StringComparison.Ordinal));

        foreach (var asset in assets)
        {
            // Fingerprinted paths (@Assets[...]) and, with Accept-Encoding, the compressed copies.
            using var request = new HttpRequestMessage(HttpMethod.Get, "/" + asset);
            request.Headers.Add("Accept-Encoding", "br, gzip");
            var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/{asset}: {(int)response.StatusCode}");
        }
    }

    [GeneratedRegex("""(?:<script[^>]*\bsrc|<link[^>]*\brel="stylesheet"[^>]*\bhref)="([^"]+)""")]
    private static partial Regex AssetReference();
}
