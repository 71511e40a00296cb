using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;

namespace FalseReject.Web.Security;

/// <summary>Bound from the <c>RateLimits</c> section.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Login form posts per client address per minute (guessing passwords).</summary>
    public int LoginPerMinute { get; set; } = 10;

    /// <summary>API requests per token (or, without one, per client address) per minute.</summary>
    public int ApiPerMinute { get; set; } = 300;
}

/// <summary>
/// HTTP 429 with Retry-After for login posts and for the API; pages, the Blazor circuit, static
/// files and health probes are not limited.
/// </summary>
public static class RateLimitingExtensions
{
    public static IHostApplicationBuilder AddFalseRejectRateLimiting(this IHostApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? (int)Math.Ceiling(retryAfter.TotalSeconds)
                    : (int?)null;
                var response = context.HttpContext.Response;
                if (seconds is { } s)
                {
                    response.Headers.RetryAfter = s.ToString(CultureInfo.InvariantCulture);
                }
                // The API answers problem details (ApiProblemDetailsMiddleware). A login post says
                // what happened; left bodiless, the status code pages would show "Not found".
                if (!context.HttpContext.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
                {
                    response.ContentType = "text/plain; charset=utf-8";
                    await response.WriteAsync(
                        $"Too many login attempts from this address. Try again in {(seconds is { } wait ? $"{wait} seconds" : "a minute")}.",
                        cancellationToken);
                }
            };
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits));
        });
        return builder;
    }

    internal static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions limits)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && request.Path.Equals("/Account/Login", StringComparison.OrdinalIgnoreCase))
        {
            return FixedWindow("login:" + ClientAddress(context), limits.LoginPerMinute);
        }
        if (request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            var authorization = request.Headers.Authorization.ToString();
            var key = authorization.Length > 0
                ? "api-token:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(authorization)))
                : "api-anon:" + ClientAddress(context);
            return FixedWindow(key, limits.ApiPerMinute);
        }
        return RateLimitPartition.GetNoLimiter("unlimited");
    }

    private static RateLimitPartition<string> FixedWindow(string key, int permitsPerMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permitsPerMinute),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static string ClientAddress(HttpContext context) =>
        context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
