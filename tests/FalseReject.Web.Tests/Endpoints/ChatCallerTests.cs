using FalseReject.Web.Data.Entities;
using System.Text.Json.Nodes;
using FalseReject.TestSupport.ModelServer;
using FalseReject.Web.Features.Endpoints.Wire;

namespace FalseReject.Web.Tests.Endpoints;

public sealed class ChatCallerTests
{
    private static readonly SamplingParameters Sampling = new(0.6, 0.95, 256, 1234);

    [Fact]
    public async Task SendsSamplingParameters_Seed_MaxTokensField_AndExtraJson_InEveryBody()
    {
        await using var host = await WireTestHost.StartAsync();
        var endpoint = host.Endpoint(field: MaxTokensField.MaxCompletionTokens,
            extraJson: """{"chat_template_kwargs": {"enable_thinking": false}, "top_k": 20}""");

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            host.Caller.CallAsync(endpoint, new ChatCallRequest($"prompt {i}", Sampling))));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.Equal(5, host.Server.Requests.Count);
        foreach (var request in host.Server.Requests)
        {
            var body = request.Json;
            Assert.Equal(0.6, (double)body["temperature"]!, 3);
            Assert.Equal(0.95, (double)body["top_p"]!, 3);
            Assert.Equal(1234, (long)body["seed"]!);
            Assert.Equal(256, (int)body["max_completion_tokens"]!);
            Assert.Null(body["max_tokens"]);
            Assert.False((bool)body["chat_template_kwargs"]!["enable_thinking"]!);
            Assert.Equal(20, (int)body["top_k"]!);
            Assert.Equal(StandInModelServer.ModelId, (string?)body["model"]);
        }
        // The body the caller reports is the body the server received.
        var sent = results.Select(r => JsonNode.Parse(r.RequestBody)!.ToJsonString()).Order().ToList();
        var received = host.Server.Requests.Select(r => JsonNode.Parse(r.Body)!.ToJsonString()).Order().ToList();
        Assert.Equal(received, sent);
    }

    [Fact]
    public async Task SendsMaxTokens_When_TheEndpointTakesMaxTokens()
    {
        await using var host = await WireTestHost.StartAsync();
        var result = await host.Caller.CallAsync(host.Endpoint(), new ChatCallRequest("hello", Sampling));

        Assert.True(result.Succeeded);
        var body = host.Server.Requests.Single().Json;
        Assert.Equal(256, (int)body["max_tokens"]!);
        Assert.Null(body["max_completion_tokens"]);
        Assert.Equal("hello", host.Server.Requests.Single().Prompt);
    }

    [Fact]
    public async Task ReadsAnswer_FinishReason_Usage_Ids()
    {
        await using var host = await WireTestHost.StartAsync();
        var result = await host.Caller.CallAsync(host.Endpoint(), new ChatCallRequest("hello", Sampling));

        Assert.Equal(StandInModelServer.DefaultAnswer("hello"), result.Answer);
        Assert.Null(result.Reasoning);
        Assert.Equal("stop", result.FinishReason);
        Assert.StartsWith("chatcmpl-", result.ResponseId);
        Assert.Equal(StandInModelServer.ModelId, result.Model);
        Assert.Equal("fp_standin", result.SystemFingerprint);
        Assert.NotNull(result.Usage?.PromptTokens);
        Assert.NotNull(result.Usage?.CompletionTokens);
        Assert.Equal(1, result.Attempts);
        Assert.True(result.Latency > TimeSpan.Zero);
    }

    [Theory]
    [InlineData(ReasoningShape.ReasoningField)]
    [InlineData(ReasoningShape.ReasoningContentField)]
    [InlineData(ReasoningShape.InlineThink)]
    [InlineData(ReasoningShape.LoneCloseThink)]
    public async Task SeparatesReasoningFromAnswer_InEveryShape(ReasoningShape shape)
    {
        await using var host = await WireTestHost.StartAsync();
        host.Server.Enqueue(StandInReply.WithReasoning("The user asks about massage. It is benign.", "Avoid pressing on the spine.", shape));

        var result = await host.Caller.CallAsync(host.Endpoint(), new ChatCallRequest("massage", Sampling));

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("Avoid pressing on the spine.", result.Answer);
        Assert.Equal("The user asks about massage. It is benign.", result.Reasoning);
        Assert.Equal(result.Reasoning!.Length / 4, result.Usage!.ReasoningTokens);
    }

    [Fact]
    public async Task LengthFinish_IsAGenerationError_WithItsReason()
    {
        await using var host = await WireTestHost.StartAsync();
        host.Server.Enqueue(StandInReply.Length());
        var result = await host.Caller.CallAsync(host.Endpoint(), new ChatCallRequest("long", Sampling));

        Assert.Equal(ChatErrorKind.Length, result.Error?.Kind);
        Assert.Contains("finish_reason: length", result.Error!.Message);
        Assert.Equal("length", result.FinishReason);
    }

    [Fact]
    public async Task NullContent_IsAnEmptyAnswerError()
    {
        await using var host = await WireTestHost.StartAsync();
        host.Server.Enqueue(StandInReply.NullContent());
        var result = await host.Caller.CallAsync(host.Endpoint(), new ChatCallRequest("nothing", Sampling));

        Assert.Equal(ChatErrorKind.EmptyAnswer, result.Error?.Kind);
        Assert.Null(result.Answer);
    }

    [Fact]
    public async Task MalformedJson_IsAMalformedError_NotAnException()
    {
        await using var host = await WireTestHost.StartAsync();
        host.Server.Enqueue(StandInReply.Malformed());
        var result = await host.Caller.CallAsync(host.Endpoint(), new ChatCallRequest("broken", Sampling));

        Assert.Equal(ChatErrorKind.Malformed, result.Error?.Kind);
        Assert.Contains("not a chat completion", result.Error!.Message);
        Assert.Single(host.Server.Requests);
    }

    [Fact]
    public async Task RateLimited_WaitsRetryAfterMs_ThenSucceeds()
    {
        await using var host = await WireTestHost.StartAsync();
        host.Server.Enqueue(StandInReply.RateLimited(retryAfterMs: 200));

        var result = await host.Caller.CallAsync(host.Endpoint(), new ChatCallRequest("limited", Sampling));

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(2, result.Attempts);
        var requests = host.Server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(200),
            $"second attempt after {(requests[1].ReceivedAt - requests[0].ReceivedAt).TotalMilliseconds} ms");
        Assert.Equal(requests[0].Body, requests[1].Body);
    }

    [Fact]
    public async Task RateLimited_WaitsRetryAfterSeconds()
    {
        await using var host = await WireTestHost.StartAsync();
        host.Server.Enqueue(StandInReply.RateLimited(retryAfter: "1"));

        var result = await host.Caller.CallAsync(host.Endpoint(), new ChatCallRequest("limited", Sampling));

        Assert.True(result.Succeeded, result.Error?.Message);
        var requests = host.Server.Requests;
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task ServerError_IsRetried_WithBackoff()
    {
        await using var host = await WireTestHost.StartAsync();
        host.Server.Enqueue(StandInReply.ServerError(), StandInReply.ServerError(503));

        var result = await host.Caller.CallAsync(host.Endpoint(), new ChatCallRequest("flaky", Sampling));

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(3, result.Attempts);
        var requests = host.Server.Requests;
        Assert.Equal(3, requests.Count);
        // Exponential backoff with jitter from 0.5 s: some wait before each retry, none instant.
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Unauthorized_IsNotRetried_AndNamesTheEndpointAndMessage()
    {
        await using var host = await WireTestHost.StartAsync();
        host.Server.Enqueue(StandInReply.Unauthorized("Incorrect API key provided."));

        var result = await host.Caller.CallAsync(host.Endpoint(name: "openai-prod"), new ChatCallRequest("hi", Sampling));

        Assert.Single(host.Server.Requests);
        Assert.Equal(ChatErrorKind.Http, result.Error?.Kind);
        Assert.Equal(401, result.Error!.StatusCode);
        Assert.True(result.Error.StopsRun);
        Assert.Equal("endpoint openai-prod answered 401: Incorrect API key provided.", result.Error.Message);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task ClientErrors_AreNotRetried(int status)
    {
        await using var host = await WireTestHost.StartAsync();
        host.Server.Enqueue(StandInReply.Error(status, "nope", null, "invalid_request_error"));

        var result = await host.Caller.CallAsync(host.Endpoint(), new ChatCallRequest("hi", Sampling));

        Assert.Single(host.Server.Requests);
        Assert.Equal($"endpoint stand-in answered {status}: nope", result.Error?.Message);
    }

    [Fact]
    public async Task SlowAnswer_PastTheTimeout_IsRetried_ThenANetworkError()
    {
        await using var host = await WireTestHost.StartAsync();
        host.Server.DefaultDelay = TimeSpan.FromSeconds(5);
        var endpoint = host.Endpoint(timeout: TimeSpan.FromMilliseconds(150));
        host.Server.Enqueue(StandInReply.Slow(TimeSpan.FromSeconds(5)));

        var result = await host.Caller.CallAsync(endpoint, new ChatCallRequest("slow", Sampling));

        Assert.Equal(ChatErrorKind.Network, result.Error?.Kind);
        Assert.Contains("did not answer within", result.Error!.Message);
        Assert.Equal(ModelRetry.DefaultMaxRetries + 1, result.Attempts);
    }

    [Fact]
    public async Task UnreachableEndpoint_IsRetried_ThenANetworkError_NotAStatus()
    {
        await using var host = await WireTestHost.StartAsync();
        var endpoint = host.Endpoint(name: "gone") with { BaseUrl = new Uri("http://127.0.0.1:9/v1") };

        var result = await host.Caller.CallAsync(endpoint, new ChatCallRequest("hi", Sampling));

        Assert.Equal(ChatErrorKind.Network, result.Error?.Kind);
        Assert.Null(result.Error!.StatusCode);
        Assert.StartsWith("endpoint gone could not be reached:", result.Error.Message);
        Assert.Equal(ModelRetry.DefaultMaxRetries + 1, result.Attempts);
    }

    [Fact]
    public async Task NeverExceedsTheConcurrencyLimit()
    {
        await using var host = await WireTestHost.StartAsync();
        host.Server.DefaultDelay = TimeSpan.FromMilliseconds(50);
        var endpoint = host.Endpoint(concurrency: 3);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            host.Caller.CallAsync(endpoint, new ChatCallRequest($"p{i}", Sampling))));

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(20, host.Server.Requests.Count);
        Assert.InRange(host.Server.MaxInFlight, 1, 3);
        // The limit is used, not just respected by serialising everything.
        Assert.True(host.Server.MaxInFlight > 1);
    }

    [Fact]
    public async Task TheKey_IsSentAsBearer_ButNeverLogged_NorInTheBody_NorInErrors()
    {
        const string key = "sk-test-SECRET-4f9a1c7e2b";
        await using var host = await WireTestHost.StartAsync();
        host.Server.RequiredApiKey = key;
        host.Server.Enqueue(StandInReply.ServerError());
        var ok = await host.Caller.CallAsync(host.Endpoint(apiKey: key), new ChatCallRequest("hi", Sampling));
        host.Server.Enqueue(StandInReply.Unauthorized($"Incorrect API key provided: {key}."));
        var failed = await host.Caller.CallAsync(host.Endpoint(apiKey: key), new ChatCallRequest("again", Sampling));
        var wrong = await host.Caller.CallAsync(host.Endpoint(apiKey: "sk-wrong-key-0000"), new ChatCallRequest("x", Sampling));

        Assert.True(ok.Succeeded, ok.Error?.Message);
        Assert.Equal("Bearer " + key, host.Server.Requests[0].Authorization);
        Assert.Equal(401, wrong.Error?.StatusCode);
        Assert.NotEmpty(host.Logs.Lines);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(key, StringComparison.Ordinal));
        Assert.DoesNotContain(key, ok.RequestBody);
        // The server echoed the key in its error message: the error the app keeps has it scrubbed.
        Assert.Equal(401, failed.Error?.StatusCode);
        Assert.DoesNotContain(key, failed.Error!.Message);
        Assert.Contains("[key]", failed.Error.Message);
    }

    [Fact]
    public async Task KeylessEndpoint_SendsNoAuthorizationHeader()
    {
        await using var host = await WireTestHost.StartAsync();
        var result = await host.Caller.CallAsync(host.Endpoint(apiKey: null), new ChatCallRequest("hi", Sampling));

        Assert.True(result.Succeeded);
        Assert.Null(host.Server.Requests.Single().Authorization);
    }
}
