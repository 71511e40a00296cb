using System.Net;

namespace FalseReject.Web.Features.Endpoints.Wire;

/// <summary>
/// The state of one logical call, flowing (as an <see cref="AsyncLocal{T}"/>) from
/// <see cref="ChatCaller"/> through the OpenAI client into <see cref="WireHandler"/>, which the
/// client builds its requests without us: the handler writes the request profile into the body
/// and records what went out and what came back.
/// </summary>
internal sealed class WireCall(EndpointConnection endpoint, SamplingParameters sampling)
{
    private static readonly AsyncLocal<WireCall?> CurrentCall = new();

    public static WireCall? Current
    {
        get => CurrentCall.Value;
        set => CurrentCall.Value = value;
    }

    public EndpointConnection Endpoint { get; } = endpoint;

    public SamplingParameters Sampling { get; } = sampling;

    public string? RequestBody { get; set; }

    public HttpStatusCode? LastStatus { get; set; }

    public string? LastResponseBody { get; set; }

    private int _attempts;

    public int Attempts => Volatile.Read(ref _attempts);

    public void CountAttempt() => Interlocked.Increment(ref _attempts);
}
