namespace FalseReject.Web.Security;

/// <summary>
/// The Blazor hub (<c>/_blazor</c>: negotiate, the circuit's WebSocket, its fallbacks) answers only
/// pages of this origin. A browser sends the sign-in cookie with a WebSocket to any site, and
/// neither CORS nor SignalR checks a WebSocket's <c>Origin</c>, so without this a foreign page could
/// open a circuit as the signed-in user (cross-site WebSocket hijacking). A request whose
/// <c>Origin</c> is neither the request's own scheme and host (after forwarded headers) nor listed
/// in <c>Blazor:AllowedOrigins</c> gets 403; one without <c>Origin</c> (not a browser) passes.
/// </summary>
public static partial class CircuitOriginCheck
{
    public const string Setting = "Blazor:AllowedOrigins";

    public static readonly PathString HubPath = "/_blazor";

    /// <summary>After the forwarded headers (the scheme a proxy reports counts), before the hub is mapped.</summary>
    public static WebApplication UseFalseRejectCircuitOriginCheck(this WebApplication app)
    {
        var allowed = AllowedOrigins(app.Configuration);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CircuitOriginCheck));
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (!request.Path.StartsWithSegments(HubPath)
                || request.Headers.Origin is not [var origin, ..]
                || IsAllowed(origin, request, allowed))
            {
                await next(context);
                return;
            }
            LogRefused(logger, origin ?? "", $"{request.Scheme}://{request.Host}", Setting);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"Cross-origin requests to the Blazor hub are refused. To allow this origin, list it in {Setting}.");
        });
        return app;
    }

    /// <summary>
    /// <c>Blazor:AllowedOrigins</c>: origins (<c>scheme://host[:port]</c>) separated by <c>;</c> or
    /// <c>,</c>, or an array. An entry that is not an origin stops the start with its name.
    /// </summary>
    public static IReadOnlyList<Uri> AllowedOrigins(IConfiguration configuration)
    {
        var section = configuration.GetSection(Setting);
        return [.. section.GetChildren().Select(c => c.Value).Prepend(section.Value)
            .SelectMany(v => (v ?? "").Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Select(v => TryParseOrigin(v, out var origin)
                ? origin
                : throw new InvalidOperationException($"{Setting}: '{v}' is not an origin (scheme://host[:port], e.g. https://falsereject.example.org)."))];
    }

    internal static bool IsAllowed(string? origin, HttpRequest request, IReadOnlyList<Uri> allowed)
    {
        if (!TryParseOrigin(origin, out var parsed))
        {
            return false; // "null" (a sandboxed frame, a file) or garbage
        }
        if (request.Host.HasValue
            && TryParseOrigin($"{request.Scheme}://{request.Host.Value}", out var own)
            && SameOrigin(parsed, own))
        {
            return true;
        }
        return allowed.Any(a => SameOrigin(parsed, a));
    }

    private static bool TryParseOrigin(string? value, out Uri origin)
    {
        origin = null!;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https")
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return false;
        }
        origin = uri;
        return true;
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Refused a request to the Blazor hub from origin {Origin} (this server is {Own}). Behind a proxy, have it pass the Host header and X-Forwarded-Proto (ForwardedHeaders:Enabled); to allow another origin, list it in {Setting}.")]
    private static partial void LogRefused(ILogger logger, string origin, string own, string setting);
}
