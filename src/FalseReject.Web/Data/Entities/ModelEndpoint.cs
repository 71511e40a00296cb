namespace FalseReject.Web.Data.Entities;

/// <summary>
/// An OpenAI-compatible server the app calls (a model to benchmark or a judge). The API key is
/// stored only encrypted with ASP.NET Core Data Protection (<see cref="ProtectedApiKey"/>) and
/// never returned: pages and the API see only whether one is set.
/// </summary>
public class ModelEndpoint
{
    public int Id { get; set; }

    /// <summary>Unique; how runs, the CLI and the API name it.</summary>
    public required string Name { get; set; }

    /// <summary>The base URL including the version segment, e.g. <c>http://gpu1:8000/v1</c>.</summary>
    public required string BaseUrl { get; set; }

    /// <summary>The model id sent as <c>model</c>.</summary>
    public required string ModelId { get; set; }

    /// <summary>The API key, encrypted (Data Protection purpose <c>FalseReject.Endpoints.ApiKey.v1</c>); null when none.</summary>
    public string? ProtectedApiKey { get; set; }

    public MaxTokensField MaxTokensField { get; set; }

    /// <summary>A JSON object merged into every request body (e.g. <c>{"chat_template_kwargs": {...}}</c>).</summary>
    public string? ExtraBodyJson { get; set; }

    public int ConcurrencyLimit { get; set; } = 8;

    public int? RequestsPerMinute { get; set; }

    public int? TokensPerMinute { get; set; }

    public int TimeoutSeconds { get; set; } = 120;

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Bumped on every change, so a running job notices new settings.</summary>
    public int Revision { get; set; } = 1;
}

/// <summary>Which field an endpoint takes for the output budget.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<MaxTokensField>))]
public enum MaxTokensField
{
    /// <summary><c>max_tokens</c>: vLLM, Ollama, llama.cpp, SGLang, most OpenAI-compatible servers.</summary>
    MaxTokens,

    /// <summary><c>max_completion_tokens</c>: OpenAI (o-series and GPT-5 reject <c>max_tokens</c>; it includes reasoning tokens there).</summary>
    MaxCompletionTokens,
}
