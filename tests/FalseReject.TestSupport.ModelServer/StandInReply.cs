using System.Text.Json.Nodes;

namespace FalseReject.TestSupport.ModelServer;

/// <summary>Where a scripted answer puts its reasoning text (the shapes real servers use).</summary>
public enum ReasoningShape
{
    None,

    /// <summary>vLLM with <c>--reasoning-parser</c>: <c>message.reasoning</c>.</summary>
    ReasoningField,

    /// <summary>DeepSeek API, llama.cpp <c>--reasoning-format deepseek</c>, older vLLM: <c>message.reasoning_content</c>.</summary>
    ReasoningContentField,

    /// <summary>llama.cpp <c>--reasoning-format none</c>: <c>&lt;think&gt;…&lt;/think&gt;</c> inline in content.</summary>
    InlineThink,

    /// <summary>SGLang / DeepSeek-R1 emitting no opener: reasoning, then a lone <c>&lt;/think&gt;</c>, then the answer.</summary>
    LoneCloseThink,
}

/// <summary>One scripted reply of the stand-in server: a status, headers, a raw body and a delay.</summary>
public sealed record StandInReply
{
    public int Status { get; init; } = 200;

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The raw body; when null, a chat completion is built from <see cref="Content"/> and the rest.</summary>
    public string? RawBody { get; init; }

    /// <summary>The answer text; null sends <c>"content": null</c>.</summary>
    public string? Content { get; init; } = "";

    public string? Reasoning { get; init; }

    public ReasoningShape Shape { get; init; }

    public string FinishReason { get; init; } = "stop";

    public TimeSpan Delay { get; init; }

    public static StandInReply Answer(string content, string finishReason = "stop") => new() { Content = content, FinishReason = finishReason };

    public static StandInReply WithReasoning(string reasoning, string answer, ReasoningShape shape) =>
        new() { Content = answer, Reasoning = reasoning, Shape = shape };

    public static StandInReply NullContent() => new() { Content = null };

    public static StandInReply Length(string partial = "The answer is cut") => new() { Content = partial, FinishReason = "length" };

    public static StandInReply Slow(TimeSpan delay, string content = "slow answer") => new() { Content = content, Delay = delay };

    public static StandInReply RateLimited(int? retryAfterMs = null, string? retryAfter = null)
    {
        var headers = new Dictionary<string, string>();
        if (retryAfterMs is { } ms)
        {
            headers["retry-after-ms"] = ms.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (retryAfter is not null)
        {
            headers["Retry-After"] = retryAfter;
        }
        return Error(429, "Rate limit reached for requests", "rate_limit_exceeded", "requests") with { Headers = headers };
    }

    public static StandInReply ServerError(int status = 500) => Error(status, "The server had an error while processing your request.", "server_error", null);

    public static StandInReply Unauthorized(string message = "Incorrect API key provided.") => Error(401, message, "invalid_api_key", "invalid_request_error");

    public static StandInReply BadRequest(string message) => Error(400, message, null, "invalid_request_error");

    public static StandInReply Malformed() => new() { RawBody = "{\"id\": \"chatcmpl-broken\", \"choices\": [ {\"message\": " };

    /// <summary>An OpenAI-style error body: <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
    public static StandInReply Error(int status, string message, string? code, string? type) => new()
    {
        Status = status,
        RawBody = new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = code },
        }.ToJsonString(),
    };
}
