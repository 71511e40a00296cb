using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace FalseReject.E2E.Operations;

/// <summary>
/// The real server process killed with SIGKILL in the middle of work, then started again on the
/// same SQLite file: an import leaves nothing partial, and every vote the server acknowledged
/// (HTTP 200) is there, with no item over its N votes.
/// </summary>
[Collection("Crash")]
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    private const int Rows = 200_000;

    [Fact]
    public async Task AnImportKilledWhileTheFileIsArriving_LeavesNoDatasetAndNoQueries_AndTheNameCanBeImportedAgain()
    {
        await using var server = new KillableServer();
        var admin = await AdminClientAsync(server);
        var file = SyntheticDataset(Rows);
        var halfway = new TaskCompletionSource();
        using var upload = new CancellationTokenSource();

        // The body stops after 60% of the file and never ends: the import cannot have committed
        // (it needs the whole file), so the kill lands inside it by construction.
        var request = admin.PostAsync("/api/datasets", Upload("crash-import", new HeldBackContent(file, file.Length * 6 / 10, halfway, upload.Token)), upload.Token);
        await halfway.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var wal = await WaitForWalGrowthAsync(server.DatabasePath, TimeSpan.FromSeconds(20));
        output.WriteLine($"60% of {file.Length / (1024 * 1024)} MB sent; WAL at the kill: {wal / 1024} KB");
        await server.KillAsync();
        await upload.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => request);

        await server.StartAsync();
        var datasets = await admin.GetFromJsonAsync<JsonElement>(server.BaseUrl + "/api/datasets");
        Assert.DoesNotContain(datasets.EnumerateArray(), d => d.GetProperty("name").GetString() == "crash-import");
        Assert.Equal(("ok", 0L, 0L), await StoreStateAsync(server.DatabasePath));

        var again = await admin.PostAsync(server.BaseUrl + "/api/datasets", Upload("crash-import", new ByteArrayContent(SyntheticDataset(50))));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    [Fact]
    public async Task AnImportKilledRightAfterTheLastByte_IsAllOrNothing()
    {
        await using var server = new KillableServer();
        var admin = await AdminClientAsync(server);
        var file = SyntheticDataset(Rows);
        var sent = new TaskCompletionSource();

        var request = admin.PostAsync("/api/datasets", Upload("crash-commit", new HeldBackContent(file, file.Length, sent, CancellationToken.None)));
        await sent.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await server.KillAsync();
        var answered = await Record.ExceptionAsync(() => request) is null;

        await server.StartAsync();
        var (integrity, datasets, queries) = await StoreStateAsync(server.DatabasePath);
        output.WriteLine($"answered before the kill: {answered}; after restart: {datasets} dataset(s), {queries} queries");
        Assert.Equal("ok", integrity);
        Assert.True((datasets, queries) is (0, 0) or (1, Rows), $"Partial import: {datasets} dataset(s), {queries} queries.");
    }

    [Fact]
    public async Task EveryVoteAcknowledgedBeforeAKillDuringLabeling_IsThereAfterTheRestart_AndNoItemHasMoreThanNVotes()
    {
        const int Annotators = 5;
        const int VotesPerItem = 2;
        await using var server = new KillableServer();
        var admin = await AdminClientAsync(server);
        var tokens = new List<string>();
        for (var i = 0; i < Annotators; i++)
        {
            var email = $"crash-annotator-{i}@crash.falsereject.local";
            await server.CliAsync("users", "add", "--email", email, "--password", "Crash-Annotator-Pass-1", "--role", "Annotator");
            tokens.Add((await server.CliAsync("tokens", "create", "--email", email)).Split('\n')[0].Trim());
        }
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/datasets", Upload("crash-labeling", new ByteArrayContent(SyntheticDataset(400))))).StatusCode);
        var datasetId = (await Client(server, tokens[0]).GetFromJsonAsync<JsonElement>("/api/annotation/datasets"))
            .EnumerateArray().Single(d => d.GetProperty("name").GetString() == "crash-labeling").GetProperty("id").GetInt32();

        var acknowledged = new ConcurrentDictionary<(int Annotator, int Item), string>();
        var enough = new TaskCompletionSource();
        using var stop = new CancellationTokenSource();
        var workers = tokens.Select((token, index) => Task.Run(async () =>
        {
            var client = Client(server, token);
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    using var next = await client.PostAsync($"/api/annotation/datasets/{datasetId}/next?task=QueryLabel", null, stop.Token);
                    if (next.StatusCode != HttpStatusCode.OK)
                    {
                        return;
                    }
                    var item = (await next.Content.ReadFromJsonAsync<JsonElement>(stop.Token)).GetProperty("itemId").GetInt32();
                    var label = (item + index) % 3 == 0 ? "Unsafe" : "Safe";
                    using var vote = await client.PostAsJsonAsync($"/api/annotation/items/{item}/vote", new { label, comment = $"a{index}-i{item}" }, stop.Token);
                    if (vote.StatusCode == HttpStatusCode.OK)
                    {
                        acknowledged[(index, item)] = label;
                        if (acknowledged.Count >= 150)
                        {
                            enough.TrySetResult();
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
            {
                // The server was killed under this request: it was never acknowledged.
            }
        })).ToList();

        await enough.Task.WaitAsync(TimeSpan.FromSeconds(120));
        await server.KillAsync();
        var atKill = acknowledged.ToDictionary(kv => kv.Key, kv => kv.Value);
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        output.WriteLine($"{atKill.Count} votes acknowledged before the kill ({acknowledged.Count} counting answers that raced it)");

        await server.StartAsync();
        var missing = new List<string>();
        for (var index = 0; index < Annotators; index++)
        {
            var history = await Client(server, tokens[index]).GetFromJsonAsync<JsonElement>($"/api/annotation/history?dataset={datasetId}");
            var stored = history.EnumerateArray().ToDictionary(h => h.GetProperty("itemId").GetInt32(), h => h.GetProperty("myLabel").GetString());
            foreach (var ((annotator, item), label) in acknowledged.Where(kv => kv.Key.Annotator == index))
            {
                if (!stored.TryGetValue(item, out var storedLabel) || storedLabel != label)
                {
                    missing.Add($"annotator {annotator}, item {item}: acknowledged {label}, stored {storedLabel ?? "nothing"}");
                }
            }
        }
        Assert.True(missing.Count == 0, "Acknowledged votes lost: " + string.Join("; ", missing));

        await using var db = new SqliteConnection($"Data Source={server.DatabasePath};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        Assert.Equal(0L, await ScalarAsync(db, $"SELECT COUNT(*) FROM (SELECT ItemId FROM AnnotationVotes GROUP BY ItemId HAVING COUNT(*) > {VotesPerItem})"));
        Assert.Equal(0L, await ScalarAsync(db, $"SELECT COUNT(*) FROM AnnotationItems WHERE VoteCount > {VotesPerItem}"));
        Assert.Equal(0L, await ScalarAsync(db, "SELECT COUNT(*) FROM AnnotationItems i WHERE i.VoteCount <> (SELECT COUNT(*) FROM AnnotationVotes v WHERE v.ItemId = i.Id)"));

        // The queue works after the restart.
        using var resumed = await Client(server, tokens[0]).PostAsync($"/api/annotation/datasets/{datasetId}/next?task=QueryLabel", null);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
    }

    private static async Task<HttpClient> AdminClientAsync(KillableServer server)
    {
        // The CLI migrates the new store, creates the bootstrap admin and prints a token for it.
        var token = (await server.CliAsync("tokens", "create", "--email", KillableServer.AdminEmail)).Split('\n')[0].Trim();
        await server.StartAsync();
        return Client(server, token);
    }

    private static HttpClient Client(KillableServer server, string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static MultipartFormDataContent Upload(string name, HttpContent file)
    {
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { new StringContent(name), "name" }, { file, "file", "big.jsonl" } };
    }

    private static byte[] SyntheticDataset(int rows)
    {
        var text = new StringBuilder(rows * 110);
        for (var i = 0; i < rows; i++)
        {
            text.Append("{\"prompt\": \"How do fire investigators tell an accident from arson, case ").Append(i)
                .Append("?\", \"category\": ").Append(1 + (i % 46)).Append("}\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static async Task<long> WaitForWalGrowthAsync(string databasePath, TimeSpan timeout)
    {
        var wal = new FileInfo(databasePath + "-wal");
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            wal.Refresh();
            if (wal.Exists && wal.Length > 1024 * 1024)
            {
                return wal.Length;
            }
            await Task.Delay(100);
        }
        wal.Refresh();
        return wal.Exists ? wal.Length : 0;
    }

    private static async Task<(string Integrity, long Datasets, long Queries)> StoreStateAsync(string path)
    {
        await using var db = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var check = db.CreateCommand();
        check.CommandText = "PRAGMA integrity_check;";
        var integrity = (string)(await check.ExecuteScalarAsync())!;
        return (integrity, await ScalarAsync(db, "SELECT COUNT(*) FROM Datasets"), await ScalarAsync(db, "SELECT COUNT(*) FROM Queries"));
    }

    private static async Task<long> ScalarAsync(SqliteConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Sends <c>sendBytes</c> of the file, signals, then (when that was not all of it) holds the body open until cancelled.</summary>
    private sealed class HeldBackContent(byte[] file, int sendBytes, TaskCompletionSource sent, CancellationToken hold) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var offset = 0; offset < sendBytes; offset += 64 * 1024)
            {
                await stream.WriteAsync(file.AsMemory(offset, Math.Min(64 * 1024, sendBytes - offset)));
            }
            await stream.FlushAsync();
            sent.TrySetResult();
            if (sendBytes < file.Length)
            {
                await Task.Delay(Timeout.Infinite, hold);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
