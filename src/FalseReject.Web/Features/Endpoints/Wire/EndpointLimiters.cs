using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace FalseReject.Web.Features.Endpoints.Wire;

/// <summary>
/// Per-endpoint limits shared by every caller in this process: at most the concurrency limit of
/// requests in flight (a semaphore), and, when set, requests per minute and tokens per minute
/// (token buckets refilled each minute). The token estimate of a call is its prompt length / 4
/// plus its output budget, capped at the bucket's size. A changed endpoint gets fresh limits.
/// </summary>
public sealed class EndpointLimiters : IDisposable
{
    private readonly ConcurrentDictionary<string, Limits> _limits = new(StringComparer.Ordinal);

    public async Task<IAsyncDisposable> AcquireAsync(EndpointConnection endpoint, int estimatedTokens, CancellationToken cancellationToken)
    {
        var key = $"{endpoint.Name}|{endpoint.ConcurrencyLimit}|{endpoint.RequestsPerMinute}|{endpoint.TokensPerMinute}";
        var limits = _limits.GetOrAdd(key, _ => new Limits(endpoint));
        if (limits.Requests is { } rpm)
        {
            using var lease = await rpm.AcquireAsync(1, cancellationToken);
        }
        if (limits.Tokens is { } tpm)
        {
            using var lease = await tpm.AcquireAsync(Math.Clamp(estimatedTokens, 1, endpoint.TokensPerMinute!.Value), cancellationToken);
        }
        await limits.Concurrency.WaitAsync(cancellationToken);
        return new Release(limits.Concurrency);
    }

    public void Dispose()
    {
        foreach (var l in _limits.Values)
        {
            l.Dispose();
        }
    }

    private sealed class Release(SemaphoreSlim semaphore) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Limits : IDisposable
    {
        public Limits(EndpointConnection endpoint)
        {
            Concurrency = new SemaphoreSlim(Math.Max(1, endpoint.ConcurrencyLimit));
            Requests = endpoint.RequestsPerMinute is { } rpm && rpm > 0 ? Bucket(rpm) : null;
            Tokens = endpoint.TokensPerMinute is { } tpm && tpm > 0 ? Bucket(tpm) : null;
        }

        public SemaphoreSlim Concurrency { get; }

        public RateLimiter? Requests { get; }

        public RateLimiter? Tokens { get; }

        private static TokenBucketRateLimiter Bucket(int perMinute) => new(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = perMinute,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });

        public void Dispose()
        {
            Concurrency.Dispose();
            Requests?.Dispose();
            Tokens?.Dispose();
        }
    }
}
