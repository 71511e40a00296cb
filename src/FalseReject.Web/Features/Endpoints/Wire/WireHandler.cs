using FalseReject.Web.Data.Entities;
using System.Text;
using System.Text.Json.Nodes;

namespace FalseReject.Web.Features.Endpoints.Wire;

/// <summary>
/// The innermost handler of the model client (inside the retry handler, so it runs once per
/// attempt). It edits the JSON body the OpenAI client built: the sampling parameters and seed are
/// written explicitly, the output budget goes in the endpoint's own field (<c>max_tokens</c> or
/// <c>max_completion_tokens</c>; the other is removed), and the endpoint's extra JSON is merged in.
/// It records the effective body, the status and body of the last answer, and counts attempts;
/// each attempt has the endpoint's timeout.
/// </summary>
internal sealed class WireHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (WireCall.Current is not { } call)
        {
            return await base.SendAsync(request, cancellationToken);
        }
        call.CountAttempt();
        if (call.RequestBody is null && request.Content is not null)
        {
            var original = await request.Content.ReadAsStringAsync(cancellationToken);
            call.RequestBody = RewriteBody(original, call.Endpoint, call.Sampling);
        }
        if (call.RequestBody is not null)
        {
            request.Content = new StringContent(call.RequestBody, Encoding.UTF8, "application/json");
        }
        if (string.IsNullOrEmpty(call.Endpoint.ApiKey))
        {
            // Keyless servers (a local vLLM or Ollama): send no Authorization header at all.
            request.Headers.Authorization = null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(call.Endpoint.Timeout);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, timeout.Token);
            await response.Content.LoadIntoBufferAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"endpoint {call.Endpoint.Name} did not answer within {call.Endpoint.Timeout.TotalSeconds:0.#} s.");
        }
        call.LastStatus = response.StatusCode;
        call.LastResponseBody = await response.Content.ReadAsStringAsync(cancellationToken);
        return response;
    }

    /// <summary>The body as sent: the client's body with the profile applied. Pure; public for tests.</summary>
    internal static string RewriteBody(string original, EndpointConnection endpoint, SamplingParameters sampling)
    {
        var body = JsonNode.Parse(original)?.AsObject() ?? [];
        body["model"] = endpoint.ModelId;
        body["temperature"] = sampling.Temperature;
        body["top_p"] = sampling.TopP;
        body["seed"] = sampling.Seed;
        body.Remove("max_tokens");
        body.Remove("max_completion_tokens");
        body[endpoint.MaxTokensField == MaxTokensField.MaxCompletionTokens ? "max_completion_tokens" : "max_tokens"] = sampling.MaxTokens;
        body.Remove("stream");
        if (!string.IsNullOrWhiteSpace(endpoint.ExtraBodyJson) && JsonNode.Parse(endpoint.ExtraBodyJson) is JsonObject extra)
        {
            foreach (var (key, value) in extra)
            {
                body[key] = value?.DeepClone();
            }
        }
        return body.ToJsonString();
    }
}
