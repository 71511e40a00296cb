using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Features.Endpoints.Wire;

/// <summary>Everything the wire needs to call one endpoint (the decrypted key lives only here, in memory).</summary>
public sealed record EndpointConnection(
    string Name,
    Uri BaseUrl,
    string ModelId,
    string? ApiKey,
    MaxTokensField MaxTokensField,
    string? ExtraBodyJson,
    int ConcurrencyLimit,
    int? RequestsPerMinute,
    int? TokensPerMinute,
    TimeSpan Timeout)
{
    /// <summary>Never prints the key.</summary>
    public override string ToString() => $"endpoint {Name} ({BaseUrl}, {ModelId})";
}

/// <summary>The sampling parameters, always sent explicitly (server defaults differ).</summary>
public sealed record SamplingParameters(double Temperature, double TopP, int MaxTokens, long Seed)
{
    /// <summary>A judge's settings: temperature 0, top-p 1.</summary>
    public static SamplingParameters Judge(int maxTokens = 512, long seed = 0) => new(0, 1, maxTokens, seed);
}

/// <summary>One chat call: one user message, an optional system message.</summary>
public sealed record ChatCallRequest(string Prompt, SamplingParameters Sampling, string? SystemPrompt = null);

public sealed record ChatUsage(int? PromptTokens, int? CompletionTokens, int? ReasoningTokens, int? TotalTokens);

/// <summary>Why a call produced no usable answer.</summary>
public enum ChatErrorKind
{
    /// <summary>The endpoint answered an HTTP error (after retries when retryable).</summary>
    Http,

    /// <summary>No answer in time, or the connection failed (after retries).</summary>
    Network,

    /// <summary>The endpoint answered 200 with a body that is not a chat completion.</summary>
    Malformed,

    /// <summary><c>finish_reason: length</c>: the budget ran out (often while thinking).</summary>
    Length,

    /// <summary>An empty or null answer (reasoning may be present).</summary>
    EmptyAnswer,

    /// <summary><c>finish_reason: content_filter</c>.</summary>
    ContentFilter,
}

public sealed record ChatCallError(ChatErrorKind Kind, int? StatusCode, string Message)
{
    /// <summary>400, 401, 403, 404: retrying or going on is pointless; a run stops with this message.</summary>
    public bool StopsRun => Kind == ChatErrorKind.Http && StatusCode is 400 or 401 or 403 or 404;
}

/// <summary>
/// What one call produced. <see cref="RequestBody"/> is the body exactly as sent (the key is a header,
/// never in it). A result with an <see cref="Error"/> may still carry the partial answer and reasoning.
/// </summary>
public sealed record ChatCallResult(
    string RequestBody,
    int Attempts,
    TimeSpan Latency,
    string? Answer,
    string? Reasoning,
    string? FinishReason,
    ChatUsage? Usage,
    string? ResponseId,
    string? Model,
    string? SystemFingerprint,
    ChatCallError? Error)
{
    public bool Succeeded => Error is null;
}
