using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Features.Endpoints;

/// <summary>What happens to the stored key on an edit: it is write-only, so "keep" is the default.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ApiKeyChange>))]
public enum ApiKeyChange
{
    Keep,
    Replace,
    Clear,
}

/// <summary>An endpoint as pages, the CLI and the API see it: never the key, only whether one is set.</summary>
public sealed record EndpointSummary(
    int Id,
    string Name,
    string BaseUrl,
    string ModelId,
    bool HasApiKey,
    MaxTokensField MaxTokensField,
    string? ExtraBodyJson,
    int ConcurrencyLimit,
    int? RequestsPerMinute,
    int? TokensPerMinute,
    int TimeoutSeconds,
    DateTimeOffset UpdatedAt);

/// <summary>The settings to create or edit an endpoint with.</summary>
public sealed record EndpointInput
{
    public string Name { get; init; } = "";

    public string BaseUrl { get; init; } = "";

    public string ModelId { get; init; } = "";

    public MaxTokensField MaxTokensField { get; init; } = MaxTokensField.MaxTokens;

    public string? ExtraBodyJson { get; init; }

    public int ConcurrencyLimit { get; init; } = 8;

    public int? RequestsPerMinute { get; init; }

    public int? TokensPerMinute { get; init; }

    public int TimeoutSeconds { get; init; } = 120;

    public ApiKeyChange KeyChange { get; init; } = ApiKeyChange.Keep;

    /// <summary>The new key when <see cref="KeyChange"/> is Replace. Never logged or echoed.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Never prints the key.</summary>
    public override string ToString() => $"EndpointInput {Name} ({BaseUrl}, {ModelId}, key {KeyChange})";

    public static EndpointInput From(EndpointSummary e) => new()
    {
        Name = e.Name,
        BaseUrl = e.BaseUrl,
        ModelId = e.ModelId,
        MaxTokensField = e.MaxTokensField,
        ExtraBodyJson = e.ExtraBodyJson,
        ConcurrencyLimit = e.ConcurrencyLimit,
        RequestsPerMinute = e.RequestsPerMinute,
        TokensPerMinute = e.TokensPerMinute,
        TimeoutSeconds = e.TimeoutSeconds,
    };
}

public enum EndpointFailure
{
    None,
    Invalid,
    NotFound,
    Duplicate,
    Conflict,
}

public sealed record EndpointResult(EndpointSummary? Endpoint, EndpointFailure Failure, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Failure == EndpointFailure.None;

    public static EndpointResult Ok(EndpointSummary endpoint) => new(endpoint, EndpointFailure.None, []);

    public static EndpointResult Fail(EndpointFailure failure, params string[] errors) => new(null, failure, errors);
}

/// <summary>The outcome of "test": latency and the answer, or the endpoint's exact error.</summary>
public sealed record EndpointTestResult(bool Succeeded, double LatencyMs, int Attempts, string? Answer, string? Reasoning,
    string? FinishReason, string? Model, string? Error, int? StatusCode);
