using FalseReject.Web.Data.Entities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using FalseReject.TestSupport.ModelServer;
using FalseReject.Web.Features.Endpoints;
using FalseReject.Web.Features.Endpoints.Wire;

namespace FalseReject.Web.Tests.Endpoints;

/// <summary>The wire's services (as the app registers them) against a fresh stand-in server, logs captured.</summary>
public sealed class WireTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private WireTestHost(StandInModelServer server, ServiceProvider services, CapturingLoggerProvider logs)
    {
        Server = server;
        _services = services;
        Logs = logs;
    }

    public StandInModelServer Server { get; }

    public CapturingLoggerProvider Logs { get; }

    public ChatCaller Caller => _services.GetRequiredService<ChatCaller>();

    public static async Task<WireTestHost> StartAsync()
    {
        var server = await StandInModelServer.StartAsync();
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddEndpointsFeature();
        return new WireTestHost(server, services.BuildServiceProvider(), logs);
    }

    public EndpointConnection Endpoint(string? apiKey = null, MaxTokensField field = MaxTokensField.MaxTokens, string? extraJson = null,
        int concurrency = 4, TimeSpan? timeout = null, string name = "stand-in") =>
        new(name, Server.BaseUrl, StandInModelServer.ModelId, apiKey, field, extraJson, concurrency, null, null, timeout ?? TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
