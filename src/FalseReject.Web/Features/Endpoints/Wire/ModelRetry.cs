using System.Globalization;
using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace FalseReject.Web.Features.Endpoints.Wire;

/// <summary>
/// The one retry layer (the OpenAI client's own is switched off): the OpenAI client convention.
/// 408, 409, 429 and ≥ 500 (and <c>x-should-retry: true</c>) are retried, as are timeouts and
/// connection failures; <c>x-should-retry: false</c> and any other status are not. The wait is
/// <c>retry-after-ms</c>, else <c>Retry-After</c> (seconds or an HTTP date), else exponential
/// backoff with jitter from 0.5 s, at most 8 s.
/// </summary>
public static class ModelRetry
{
    public const int DefaultMaxRetries = 4;

    public static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(500);

    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(8);

    /// <summary>A server-named wait longer than this is capped (a run must not stall for an hour).</summary>
    public static readonly TimeSpan MaxServerDelay = TimeSpan.FromSeconds(60);

    public static HttpRetryStrategyOptions Options(int maxRetries = DefaultMaxRetries) => new()
    {
        MaxRetryAttempts = maxRetries,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = BaseDelay,
        MaxDelay = MaxDelay,
        ShouldRetryAfterHeader = false,
        ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
        DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } r ? ServerDelay(r, DateTimeOffset.UtcNow) : null),
    };

    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException;
        }
        return outcome.Result is { } response && ShouldRetry(response);
    }

    public static bool ShouldRetry(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("x-should-retry", out var values))
        {
            var value = values.FirstOrDefault();
            if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
            if (string.Equals(value, "false", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }
        var status = (int)response.StatusCode;
        return status is 408 or 409 or 429 || status >= 500;
    }

    /// <summary>The wait the server asked for, or null for the backoff. Pure; public for tests.</summary>
    public static TimeSpan? ServerDelay(HttpResponseMessage response, DateTimeOffset now)
    {
        TimeSpan? delay = null;
        if (response.Headers.TryGetValues("retry-after-ms", out var ms)
            && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
        {
            delay = TimeSpan.FromMilliseconds(millis);
        }
        else if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                delay = delta;
            }
            else if (retryAfter.Date is { } date)
            {
                delay = date - now;
                if (delay < TimeSpan.Zero)
                {
                    delay = TimeSpan.Zero;
                }
            }
        }
        else if (response.Headers.TryGetValues("Retry-After", out var raw)
            && double.TryParse(raw.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            // Fractional seconds ("1.5") are not valid HTTP but some servers send them.
            delay = TimeSpan.FromSeconds(seconds);
        }
        return delay > MaxServerDelay ? MaxServerDelay : delay;
    }

    internal static bool IsRetryableStatus(HttpStatusCode status) => (int)status is 408 or 409 or 429 or >= 500;
}
