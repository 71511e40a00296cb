using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FalseReject.TestSupport.ModelServer;

/// <summary>One request the stand-in received.</summary>
public sealed record RecordedRequest(DateTimeOffset ReceivedAt, string Path, string Body, string? Authorization)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    /// <summary>The content of the last user message.</summary>
    public string? Prompt => Json["messages"]?.AsArray().LastOrDefault(m => (string?)m?["role"] == "user")?["content"]?.GetValue<string>();
}

/// <summary>
/// An OpenAI-compatible stand-in (<c>/v1/chat/completions</c>, <c>/v1/models</c>) on a real loopback
/// port, for tests only. It answers deterministically per prompt, can be scripted to fail (a FIFO of
/// replies served first, then rules matched on the prompt), records every request body and the most
/// requests it had in flight at once.
/// </summary>
public sealed class StandInModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<StandInReply> _script = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly List<(Func<string, bool> Match, StandInReply Reply)> _rules = [];
    private readonly Lock _rulesLock = new();
    private int _inFlight;
    private int _maxInFlight;

    private StandInModelServer(WebApplication app) => _app = app;

    public const string ModelId = "stand-in-model";

    /// <summary>The base URL to configure as an endpoint: <c>http://127.0.0.1:PORT/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>When set, requests without <c>Authorization: Bearer KEY</c> get a 401.</summary>
    public string? RequiredApiKey { get; set; }

    /// <summary>A delay before every default answer (scripted replies carry their own).</summary>
    public TimeSpan DefaultDelay { get; set; }

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public static async Task<StandInModelServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new StandInModelServer(app);
        app.MapPost("/v1/chat/completions", server.ChatAsync);
        app.MapGet("/v1/models", () => Results.Json(new { @object = "list", data = new[] { new { id = ModelId, @object = "model", owned_by = "stand-in" } } }));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    /// <summary>Replies served, in order, to the next requests (whatever their prompt).</summary>
    public void Enqueue(params StandInReply[] replies)
    {
        foreach (var r in replies)
        {
            _script.Enqueue(r);
        }
    }

    /// <summary>Every request whose prompt contains <paramref name="promptContains"/> gets <paramref name="reply"/>.</summary>
    public void When(string promptContains, StandInReply reply)
    {
        lock (_rulesLock)
        {
            _rules.Add((p => p.Contains(promptContains, StringComparison.Ordinal), reply));
        }
    }

    public void ClearRecords()
    {
        _requests.Clear();
        Volatile.Write(ref _maxInFlight, 0);
    }

    /// <summary>The deterministic answer to a prompt: a judge prompt gets a class, any other an echo.</summary>
    public static string DefaultAnswer(string prompt)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(prompt)))[..8].ToLowerInvariant();
        if (prompt.TrimEnd().EndsWith("CLASS:", StringComparison.Ordinal))
        {
            string[] classes = ["Full Compliance", "Safe Partial Compliance", "Direct Refusal"];
            return $"The response engages with the request. [[{classes[Convert.ToInt32(hash[..2], 16) % 3]}]]";
        }
        return $"Stand-in answer {hash}: here is a helpful reply.";
    }

    private async Task ChatAsync(HttpContext http)
    {
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }
        try
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(http.RequestAborted);
            var auth = http.Request.Headers.Authorization.ToString();
            var recorded = new RecordedRequest(DateTimeOffset.UtcNow, http.Request.Path, body, auth.Length == 0 ? null : auth);
            _requests.Enqueue(recorded);

            StandInReply reply;
            string? prompt;
            try
            {
                prompt = recorded.Prompt ?? "";
            }
            catch (JsonException)
            {
                await WriteAsync(http, StandInReply.BadRequest("We could not parse the JSON body of your request."), "", "", http.RequestAborted);
                return;
            }
            if (RequiredApiKey is { } key && auth != "Bearer " + key)
            {
                reply = StandInReply.Unauthorized("Incorrect API key provided: sk-...redacted.");
            }
            else if (_script.TryDequeue(out var scripted))
            {
                reply = scripted;
            }
            else
            {
                lock (_rulesLock)
                {
                    reply = _rules.FirstOrDefault(r => r.Match(prompt)).Reply
                        ?? new StandInReply { Content = DefaultAnswer(prompt), Delay = DefaultDelay };
                }
            }
            var model = (string?)recorded.Json["model"] ?? ModelId;
            await WriteAsync(http, reply, prompt, model, http.RequestAborted);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static async Task WriteAsync(HttpContext http, StandInReply reply, string prompt, string model, CancellationToken ct)
    {
        if (reply.Delay > TimeSpan.Zero)
        {
            await Task.Delay(reply.Delay, ct);
        }
        http.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers)
        {
            http.Response.Headers[name] = value;
        }
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(reply.RawBody ?? Completion(reply, prompt, model), ct);
    }

    private static string Completion(StandInReply reply, string prompt, string model)
    {
        var message = new JsonObject { ["role"] = "assistant" };
        var content = reply.Content;
        switch (reply.Shape)
        {
            case ReasoningShape.ReasoningField:
                message["reasoning"] = reply.Reasoning;
                break;
            case ReasoningShape.ReasoningContentField:
                message["reasoning_content"] = reply.Reasoning;
                break;
            case ReasoningShape.InlineThink:
                content = $"<think>{reply.Reasoning}</think>\n\n{content}";
                break;
            case ReasoningShape.LoneCloseThink:
                content = $"{reply.Reasoning}\n</think>\n\n{content}";
                break;
        }
        message["content"] = content;
        var promptTokens = Math.Max(1, prompt.Length / 4);
        var completionTokens = Math.Max(1, (content?.Length ?? 0) / 4);
        var reasoningTokens = (reply.Reasoning?.Length ?? 0) / 4;
        return new JsonObject
        {
            ["id"] = "chatcmpl-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(prompt)))[..12].ToLowerInvariant(),
            ["object"] = "chat.completion",
            ["created"] = 1_767_000_000,
            ["model"] = model,
            ["system_fingerprint"] = "fp_standin",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = reply.FinishReason }),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = promptTokens,
                ["completion_tokens"] = completionTokens + reasoningTokens,
                ["total_tokens"] = promptTokens + completionTokens + reasoningTokens,
                ["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = reasoningTokens },
            },
        }.ToJsonString();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
