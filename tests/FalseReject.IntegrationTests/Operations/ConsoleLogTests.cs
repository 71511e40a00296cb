using System.Net;

namespace FalseReject.IntegrationTests.Operations;

/// <summary>The console of the running app, as an operator or a developer reads it.</summary>
public sealed class ConsoleLogTests
{
    [Fact]
    public async Task EachRequest_IsOneLogLine_AndTheRootStaticFilesRaiseNoManifestWarning()
    {
        await using var app = await BuiltApp.StartAsync(("ASPNETCORE_ENVIRONMENT", "Development"));
        using var client = app.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/app.css")).StatusCode);

        // The request log entries come out asynchronously; wait until the second one is there.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!app.Log.Contains("/app.css", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        var lines = app.Log.Split('\n');
        var requests = lines.Where(l => l.Contains("HttpLoggingMiddleware", StringComparison.Ordinal)).ToList();
        Assert.True(requests.Count >= 2, app.Log);
        // One line carries the whole entry: method, path and status together.
        Assert.Contains(requests, l => l.Contains("Path: /Account/Login", StringComparison.Ordinal) && l.Contains("StatusCode: 200", StringComparison.Ordinal));
        Assert.Contains(requests, l => l.Contains("Path: /app.css", StringComparison.Ordinal) && l.Contains("StatusCode: 200", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("Request and Response:", StringComparison.Ordinal));
        Assert.DoesNotContain("was not found in the built time manifest", app.Log, StringComparison.Ordinal);
    }
}
