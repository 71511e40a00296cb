using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using OpenAI;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiChatRole = Microsoft.Extensions.AI.ChatRole;

namespace FalseReject.Web.Features.Endpoints.Wire;

/// <summary>
/// The one way the app calls a model: <see cref="IChatClient"/> over OpenAI's client pointed at the
/// endpoint's base URL, on an <see cref="HttpClient"/> from the factory whose pipeline is the
/// retry handler (<see cref="ModelRetry"/>) around <see cref="WireHandler"/>. The OpenAI client's
/// own retries are off, so only one retry layer exists. Enforces the endpoint's limits, returns the
/// effective body, the answer and reasoning apart, finish reason, usage, ids and latency, and turns
/// every failure into a <see cref="ChatCallError"/> whose message never contains the key.
/// </summary>
public sealed class ChatCaller(IHttpClientFactory httpClientFactory, EndpointLimiters limiters, ILogger<ChatCaller> logger)
{
    public const string HttpClientName = "model-endpoints";

    /// <summary>OpenAI's client wants a credential; a keyless endpoint gets this and WireHandler drops the header.</summary>
    private const string NoKey = "no-key";

    public async Task<ChatCallResult> CallAsync(EndpointConnection endpoint, ChatCallRequest request, CancellationToken cancellationToken = default)
    {
        var estimate = request.Prompt.Length / 4 + (request.SystemPrompt?.Length ?? 0) / 4 + request.Sampling.MaxTokens;
        await using var slot = await limiters.AcquireAsync(endpoint, estimate, cancellationToken);

        var call = new WireCall(endpoint, request.Sampling);
        var previous = WireCall.Current;
        WireCall.Current = call;
        var clock = Stopwatch.StartNew();
        try
        {
            using var chat = CreateClient(endpoint);
            List<AiChatMessage> messages = [];
            if (!string.IsNullOrEmpty(request.SystemPrompt))
            {
                messages.Add(new AiChatMessage(AiChatRole.System, request.SystemPrompt));
            }
            messages.Add(new AiChatMessage(AiChatRole.User, request.Prompt));
            var options = new ChatOptions
            {
                Temperature = (float)request.Sampling.Temperature,
                TopP = (float)request.Sampling.TopP,
                MaxOutputTokens = request.Sampling.MaxTokens,
                Seed = request.Sampling.Seed,
            };
            ChatResponse response;
            try
            {
                response = await chat.GetResponseAsync(messages, options, cancellationToken);
            }
            catch (ClientResultException ex) when (ex.Status == 0)
            {
                // No HTTP answer at all (connection refused, DNS, TLS): OpenAI's client reports status 0.
                var reason = ex.InnerException?.Message ?? ex.Message;
                return Failed(call, clock, new ChatCallError(ChatErrorKind.Network, null,
                    Scrub($"endpoint {endpoint.Name} could not be reached: {reason}", endpoint)));
            }
            catch (ClientResultException ex)
            {
                return Failed(call, clock, Http(endpoint, ex.Status, call.LastResponseBody ?? ex.Message));
            }
            catch (TimeoutException ex)
            {
                return Failed(call, clock, new ChatCallError(ChatErrorKind.Network, null, Scrub(ex.Message, endpoint)));
            }
            catch (HttpRequestException ex)
            {
                return Failed(call, clock, new ChatCallError(ChatErrorKind.Network, null,
                    Scrub($"endpoint {endpoint.Name} could not be reached: {ex.Message}", endpoint)));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A 200 whose body is no chat completion: OpenAI's client fails to read it.
                if (call.LastStatus == HttpStatusCode.OK)
                {
                    return Failed(call, clock, new ChatCallError(ChatErrorKind.Malformed, 200,
                        Scrub($"endpoint {endpoint.Name} answered 200 with a body that is not a chat completion: {Snippet(call.LastResponseBody)}", endpoint)));
                }
                logger.LogWarning("Call to endpoint {Endpoint} failed: {Error}", endpoint.Name, Scrub(ex.Message, endpoint));
                return Failed(call, clock, new ChatCallError(ChatErrorKind.Network, null, Scrub($"endpoint {endpoint.Name} failed: {ex.Message}", endpoint)));
            }
            clock.Stop();
            return Read(endpoint, call, response, clock.Elapsed);
        }
        finally
        {
            WireCall.Current = previous;
        }
    }

    private IChatClient CreateClient(EndpointConnection endpoint)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = endpoint.BaseUrl,
            Transport = new HttpClientPipelineTransport(httpClientFactory.CreateClient(HttpClientName)),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            // Each attempt has the endpoint's timeout (WireHandler); the whole call may take several.
            NetworkTimeout = TimeSpan.FromHours(1),
        };
        var key = string.IsNullOrEmpty(endpoint.ApiKey) ? NoKey : endpoint.ApiKey;
        return new OpenAI.Chat.ChatClient(endpoint.ModelId, new ApiKeyCredential(key), options).AsIChatClient();
    }

    private static ChatCallResult Read(EndpointConnection endpoint, WireCall call, ChatResponse response, TimeSpan latency)
    {
        JsonObject? raw = null;
        try
        {
            raw = call.LastResponseBody is { } body ? JsonNode.Parse(body) as JsonObject : null;
        }
        catch (JsonException)
        {
        }
        var choice = raw?["choices"]?.AsArray().FirstOrDefault();
        var message = choice?["message"];
        var content = Text(message?["content"]) ?? response.Text;
        var reasoningField = Text(message?["reasoning"]) ?? Text(message?["reasoning_content"]);
        var (answer, reasoning) = ReasoningSplitter.Split(content, reasoningField);
        var finish = Text(choice?["finish_reason"]) ?? response.FinishReason?.Value;
        var usageNode = raw?["usage"];
        var usage = new ChatUsage(
            Int(usageNode?["prompt_tokens"]) ?? (int?)response.Usage?.InputTokenCount,
            Int(usageNode?["completion_tokens"]) ?? (int?)response.Usage?.OutputTokenCount,
            Int(usageNode?["completion_tokens_details"]?["reasoning_tokens"]),
            Int(usageNode?["total_tokens"]) ?? (int?)response.Usage?.TotalTokenCount);

        ChatCallError? error = finish switch
        {
            "length" => new ChatCallError(ChatErrorKind.Length, 200, $"endpoint {endpoint.Name} stopped at the token limit (finish_reason: length) before a complete answer."),
            "content_filter" => new ChatCallError(ChatErrorKind.ContentFilter, 200, $"endpoint {endpoint.Name} withheld the answer (finish_reason: content_filter)."),
            _ when answer.Length == 0 => new ChatCallError(ChatErrorKind.EmptyAnswer, 200,
                $"endpoint {endpoint.Name} answered with no text{(reasoning is null ? "" : " (only reasoning)")}."),
            _ => null,
        };
        return new ChatCallResult(call.RequestBody ?? "", call.Attempts, latency, answer.Length == 0 ? null : answer, reasoning, finish,
            usage, Text(raw?["id"]) ?? response.ResponseId, Text(raw?["model"]) ?? response.ModelId, Text(raw?["system_fingerprint"]), error);
    }

    private static ChatCallResult Failed(WireCall call, Stopwatch clock, ChatCallError error) =>
        new(call.RequestBody ?? "", call.Attempts, clock.Elapsed, null, null, null, null, null, null, null, error);

    /// <summary>"endpoint X answered 401: &lt;the server's message&gt;", from an OpenAI-style error body when there is one.</summary>
    internal static ChatCallError Http(EndpointConnection endpoint, int status, string body)
    {
        string message;
        try
        {
            var node = JsonNode.Parse(body);
            message = Text(node?["error"]?["message"]) ?? Text(node?["message"]) ?? Text(node?["detail"]) ?? Snippet(body);
        }
        catch (JsonException)
        {
            message = Snippet(body);
        }
        return new ChatCallError(ChatErrorKind.Http, status, Scrub($"endpoint {endpoint.Name} answered {status}: {message}", endpoint));
    }

    /// <summary>Removes the endpoint's key from any text that might reach a page, a log or the database.</summary>
    public static string Scrub(string text, EndpointConnection endpoint) =>
        string.IsNullOrEmpty(endpoint.ApiKey) || endpoint.ApiKey.Length < 4
            ? text
            : text.Replace(endpoint.ApiKey, "[key]", StringComparison.Ordinal);

    private static string Snippet(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "(empty body)" : text.Length <= 500 ? text.Trim() : text[..500].Trim() + "…";

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static int? Int(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;
}
