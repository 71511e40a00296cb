using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using FalseReject.IntegrationTests.Api;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Security;

namespace FalseReject.IntegrationTests.Annotation;

/// <summary>/api/annotation through the real app: API tokens, the Annotate policy, the queue and blindness.</summary>
public sealed class AnnotationApiTests(FalseRejectFactory factory) : IClassFixture<FalseRejectFactory>, IAsyncLifetime
{
    private const string First = "api-annotator-1@tests.falsereject.local";
    private const string Second = "api-annotator-2@tests.falsereject.local";
    private const string Outsider = "api-annotator-outsider@tests.falsereject.local";
    private const string Reviewer = "api-annotation-reviewer@tests.falsereject.local";

    public async Task InitializeAsync()
    {
        await factory.EnsureUserAsync(First, Roles.Annotator);
        await factory.EnsureUserAsync(Second, Roles.Annotator);
        await factory.EnsureUserAsync(Outsider, Roles.Annotator);
        await factory.EnsureUserAsync(Reviewer, Roles.Reviewer);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<HttpClient> ClientAsync(string email) => factory.CreateApiClient((await factory.CreateTokenAsync(email)).Plaintext);

    private static async Task<JsonElement> NextAsync(HttpClient client, int datasetId, string task = "QueryLabel")
    {
        var response = await client.PostAsync($"/api/annotation/datasets/{datasetId}/next?task={task}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task AnAnnotator_ListsTheDatasets_AReviewerIsForbidden_AndNoTokenIsUnauthorized()
    {
        var id = await factory.EnsureDatasetAsync("api-annotation-list", 3);
        var annotator = await ClientAsync(First);
        var list = await annotator.GetFromJsonAsync<JsonElement>("/api/annotation/datasets");
        Assert.Contains(list.EnumerateArray(), d => d.GetProperty("id").GetInt32() == id && d.GetProperty("queries").GetInt32() == 3);

        Assert.Equal(HttpStatusCode.Forbidden, (await (await ClientAsync(Reviewer)).GetAsync("/api/annotation/datasets")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateApiClient(null).GetAsync("/api/annotation/datasets")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateApiClient(null).PostAsync($"/api/annotation/datasets/{id}/next?task=QueryLabel", null)).StatusCode);
    }

    [Fact]
    public async Task NextThenVote_WorksThroughTheQueue_UntilNothingIsLeft_AndTheHistoryHasEveryVote()
    {
        var id = await factory.EnsureDatasetAsync("api-annotation-queue", 3);
        var client = await ClientAsync(First);
        var voted = new HashSet<int>();
        for (var i = 0; i < 3; i++)
        {
            var item = await NextAsync(client, id);
            var itemId = item.GetProperty("itemId").GetInt32();
            Assert.True(voted.Add(itemId), $"Item {itemId} was served twice.");
            Assert.StartsWith("api-annotation-queue: ", item.GetProperty("prompt").GetString());
            var vote = await client.PostAsJsonAsync($"/api/annotation/items/{itemId}/vote", new { label = "Safe", activeMilliseconds = 1200 });
            Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
            Assert.Equal("Created", (await vote.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/api/annotation/datasets/{id}/next?task=QueryLabel", null)).StatusCode);

        var history = await client.GetFromJsonAsync<JsonElement>($"/api/annotation/history?dataset={id}");
        Assert.Equal(voted.Order(), history.EnumerateArray().Select(h => h.GetProperty("itemId").GetInt32()).Order());
        Assert.All(history.EnumerateArray(), h => Assert.Equal("Safe", h.GetProperty("myLabel").GetString()));

        // Changing one's own vote is an update, not a second vote.
        var again = await client.PostAsJsonAsync($"/api/annotation/items/{voted.First()}/vote", new { label = "Unsafe" });
        Assert.Equal("Updated", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(3, await db.AnnotationVotes.CountAsync(v => v.Item!.DatasetId == id));
    }

    [Theory]
    [InlineData("{}", "Label: choose Safe or Unsafe.")]
    [InlineData("{\"label\":\"Maybe\"}", "Label: use Safe or Unsafe (got 'Maybe').")]
    [InlineData("{\"label\":\"Safe\",\"activeMilliseconds\":-5}", "Active time: must not be negative.")]
    [InlineData("{\"label\":\"1\"}", "Label: use Safe or Unsafe (got '1').")]
    [InlineData("{\"label\":\"0\"}", "Label: use Safe or Unsafe (got '0').")]
    [InlineData("{\"label\":\" 1 \"}", "Label: use Safe or Unsafe (got ' 1 ').")]
    [InlineData("{\"label\":\"Safe, Unsafe\"}", "Label: use Safe or Unsafe (got 'Safe, Unsafe').")]
    [InlineData("{\"label\":\"Safe\",\"activeMilliseconds\":86400001}", "Active time (activeMilliseconds): at most 86400000, 24 hours, per submission.")]
    [InlineData("{\"label\":\"Safe\",\"activeMilliseconds\":9223372036854775807}", "Active time (activeMilliseconds): at most 86400000, 24 hours, per submission.")]
    public async Task ARefusedVote_Answers400WithTheReason_AndWritesNothing(string body, string reason)
    {
        var id = await factory.EnsureDatasetAsync("api-annotation-refused", 2);
        var client = await ClientAsync(Second);
        var itemId = (await NextAsync(client, id)).GetProperty("itemId").GetInt32();

        var response = await client.PostAsync($"/api/annotation/items/{itemId}/vote", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(reason, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.AnnotationVotes.CountAsync(v => v.ItemId == itemId));
    }

    [Theory]
    [InlineData("{\"label\":1}")]
    [InlineData("{\"label\":\"Safe\",\"activeMilliseconds\":1e30}")]
    [InlineData("{\"label\":\"Safe\",\"activeMilliseconds\":\"soon\"}")]
    public async Task AVoteWhoseFieldsHaveTheWrongJsonType_Answers400_AndWritesNothing(string body)
    {
        var id = await factory.EnsureDatasetAsync("api-annotation-refused", 2);
        var client = await ClientAsync(Second);
        var itemId = (await NextAsync(client, id)).GetProperty("itemId").GetInt32();

        var response = await client.PostAsync($"/api/annotation/items/{itemId}/vote", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.AnnotationVotes.CountAsync(v => v.ItemId == itemId));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    public async Task AVoteThatIsNotJson_Answers415_SayingToSendJson_AndWritesNothing(string contentType)
    {
        var id = await factory.EnsureDatasetAsync("api-annotation-refused", 2);
        var client = await ClientAsync(Second);
        var itemId = (await NextAsync(client, id)).GetProperty("itemId").GetInt32();

        var response = await client.PostAsync($"/api/annotation/items/{itemId}/vote", new StringContent("{\"label\":\"Safe\"}", System.Text.Encoding.UTF8, contentType));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnsupportedMediaType, $"HTTP {(int)response.StatusCode}: {body}");
        Assert.Contains("application/json", JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.AnnotationVotes.CountAsync(v => v.ItemId == itemId));
    }

    [Theory]
    [InlineData("safe")]
    [InlineData("UNSAFE")]
    public async Task ALabelName_IsAcceptedInAnyCase_WithADayOfActiveTime(string label)
    {
        var id = await factory.EnsureDatasetAsync("api-annotation-case-" + label, 1);
        var client = await ClientAsync(First);
        var itemId = (await NextAsync(client, id)).GetProperty("itemId").GetInt32();

        var response = await client.PostAsJsonAsync($"/api/annotation/items/{itemId}/vote", new { label, activeMilliseconds = 86_400_000 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var vote = await db.AnnotationVotes.SingleAsync(v => v.ItemId == itemId);
        Assert.Equal(Enum.Parse<QueryLabel>(label, ignoreCase: true), vote.Label);
        Assert.Equal(86_400_000, vote.ActiveMilliseconds);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    public async Task Next_WithATaskThatIsNotAName_Answers400(string task)
    {
        var id = await factory.EnsureDatasetAsync("api-annotation-list", 3);
        var client = await ClientAsync(First);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync($"/api/annotation/datasets/{id}/next?task={task}", null)).StatusCode);
    }

    [Fact]
    public async Task AResponseReview_TakesARubric_AndRefusesAVoteWithoutOne()
    {
        var id = await factory.EnsureDatasetAsync("api-annotation-review", 1, withResponses: true);
        var client = await ClientAsync(First);
        var item = await NextAsync(client, id, "ResponseReview");
        Assert.Equal("ResponseReview", item.GetProperty("task").GetString());
        Assert.Equal("Acknowledge; explain; guide; close.", item.GetProperty("responses").GetProperty("instruct").GetString());
        var itemId = item.GetProperty("itemId").GetInt32();

        var without = await client.PostAsJsonAsync($"/api/annotation/items/{itemId}/vote", new { label = "Safe" });
        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.Equal("Review: answer the questions for each response.", (await without.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var rubric = new { instruct = new { acknowledgesContexts = true, explainsSafeContext = true, guidesUnsafeContext = false, closingStatement = true, staysSafe = true, helpfulness = 4 } };
        var with = await client.PostAsJsonAsync($"/api/annotation/items/{itemId}/vote", new { rubric, activeMilliseconds = 9000 });
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
        var history = await client.GetFromJsonAsync<JsonElement>($"/api/annotation/history?dataset={id}");
        Assert.Equal(4, history[0].GetProperty("myRubric").GetProperty("instruct").GetProperty("helpfulness").GetInt32());
    }

    [Fact]
    public async Task AVoteOnAnItemThatDoesNotExist_Answers400()
    {
        var client = await ClientAsync(First);
        var response = await client.PostAsJsonAsync("/api/annotation/items/987654/vote", new { label = "Safe" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Item 987654 does not exist.", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("task=Nonsense", HttpStatusCode.BadRequest)]
    [InlineData("", HttpStatusCode.BadRequest)]
    public async Task Next_WithoutAValidTask_Answers400(string query, HttpStatusCode expected)
    {
        var id = await factory.EnsureDatasetAsync("api-annotation-list", 3);
        var client = await ClientAsync(First);
        Assert.Equal(expected, (await client.PostAsync($"/api/annotation/datasets/{id}/next?{query}", null)).StatusCode);
    }

    [Fact]
    public async Task Next_OnADatasetThatDoesNotExist_Answers404()
    {
        var client = await ClientAsync(First);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/annotation/datasets/424242/next?task=QueryLabel", null)).StatusCode);
    }

    [Fact]
    public async Task AnAnnotatorOffTheAllowList_IsForbidden_AndDoesNotSeeTheDataset()
    {
        var id = await factory.EnsureDatasetAsync("api-annotation-restricted", 2, allowedAnnotatorEmails: [First]);
        var outsider = await ClientAsync(Outsider);

        var list = await outsider.GetFromJsonAsync<JsonElement>("/api/annotation/datasets");
        Assert.DoesNotContain(list.EnumerateArray(), d => d.GetProperty("id").GetInt32() == id);
        var next = await outsider.PostAsync($"/api/annotation/datasets/{id}/next?task=QueryLabel", null);
        Assert.Equal(HttpStatusCode.Forbidden, next.StatusCode);
        Assert.Contains("not among the annotators", await next.Content.ReadAsStringAsync());

        var insider = await ClientAsync(First);
        Assert.Equal(HttpStatusCode.OK, (await insider.PostAsync($"/api/annotation/datasets/{id}/next?task=QueryLabel", null)).StatusCode);
    }

    [Fact]
    public async Task Skip_GivesTheItemBack_SoTheNextCallerCanTakeIt()
    {
        // One item, one vote needed: while the first annotator holds it, nobody else is served it.
        var id = await factory.EnsureDatasetAsync("api-annotation-skip", 1, votesPerItem: 1);
        var first = await ClientAsync(First);
        var second = await ClientAsync(Second);
        var itemId = (await NextAsync(first, id)).GetProperty("itemId").GetInt32();
        Assert.Equal(HttpStatusCode.NoContent, (await second.PostAsync($"/api/annotation/datasets/{id}/next?task=QueryLabel", null)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await first.PostAsync($"/api/annotation/items/{itemId}/skip", null)).StatusCode);

        Assert.Equal(itemId, (await NextAsync(second, id)).GetProperty("itemId").GetInt32());
    }

    [Fact]
    public async Task Blindness_NoResponseToTheSecondAnnotator_CarriesTheFirstAnnotatorsVote_CountOrGold()
    {
        const string FirstComment = "first-annotator-secret-comment-7c1e";
        const string SecondComment = "second-annotator-secret-comment-93ab";
        var id = await factory.EnsureDatasetAsync("api-annotation-blind", 1, votesPerItem: 3);
        var first = await ClientAsync(First);
        var second = await ClientAsync(Second);

        var itemId = (await NextAsync(first, id)).GetProperty("itemId").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsJsonAsync($"/api/annotation/items/{itemId}/vote",
            new { label = "Unsafe", comment = FirstComment, unsure = true })).StatusCode);

        var served = await second.PostAsync($"/api/annotation/datasets/{id}/next?task=QueryLabel", null);
        var servedJson = await served.Content.ReadAsStringAsync();
        Assert.Equal(itemId, JsonDocument.Parse(servedJson).RootElement.GetProperty("itemId").GetInt32());
        AssertBlind(servedJson, FirstComment);
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(servedJson).RootElement.GetProperty("myVote").ValueKind);

        var vote = await second.PostAsJsonAsync($"/api/annotation/items/{itemId}/vote", new { label = "Safe", comment = SecondComment });
        var voteJson = await vote.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
        AssertBlind(voteJson, FirstComment);

        // Two votes of three: unsettled. Each annotator's history and lists show only their own vote.
        var secondHistory = await second.GetStringAsync("/api/annotation/history");
        AssertBlind(secondHistory, FirstComment);
        Assert.Contains(SecondComment, secondHistory);
        var firstHistory = await first.GetStringAsync("/api/annotation/history");
        AssertBlind(firstHistory, SecondComment);
        Assert.Contains(FirstComment, firstHistory);
        var entry = JsonDocument.Parse(firstHistory).RootElement.EnumerateArray().Single(h => h.GetProperty("itemId").GetInt32() == itemId);
        Assert.False(entry.GetProperty("settled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("goldLabel").ValueKind);
        AssertBlind(await second.GetStringAsync("/api/annotation/datasets"), FirstComment);

        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(AnnotationItemStatus.Open, (await db.AnnotationItems.SingleAsync(i => i.Id == itemId)).Status);
    }

    /// <summary>Nothing names another person's comment, a vote count, or votes other than the caller's own.</summary>
    private static void AssertBlind(string json, string othersComment)
    {
        Assert.DoesNotContain(othersComment, json);
        Assert.DoesNotContain("voteCount", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"votes\"", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("annotatorId", json, StringComparison.OrdinalIgnoreCase);
    }
}
