using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace FalseReject.Web.Security;

/// <summary>
/// Outside Development the sign-in and antiforgery cookies are Secure-only (<c>Auth:RequireHttps</c>,
/// on by default), which a plain-HTTP request cannot carry: the login page would fail. So the app
/// refuses to start on a plain-HTTP endpoint, unless forwarded headers are on (a proxy in front
/// terminates TLS and says so in X-Forwarded-Proto) or <c>Auth:RequireHttps=false</c>; and a
/// request that still arrives over plain HTTP gets a plain 400, never a 500.
/// </summary>
public static partial class HttpsRequirement
{
    public const string Setting = AuthOptions.Section + ":" + nameof(AuthOptions.RequireHttps);

    public static bool IsRequired(IHostEnvironment environment, IConfiguration configuration) =>
        !environment.IsDevelopment() && configuration.GetValue(Setting, true);

    /// <summary>Answers a request that is not HTTPS (after forwarded headers) with 400; the health probes excepted.</summary>
    public static WebApplication UseFalseRejectHttpsRequirement(this WebApplication app)
    {
        if (!IsRequired(app.Environment, app.Configuration))
        {
            return app;
        }
        app.Use(async (context, next) =>
        {
            if (context.Request.IsHttps || context.Request.Path.StartsWithSegments("/health"))
            {
                await next(context);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(
                $"This server accepts HTTPS only. Behind a reverse proxy, have the proxy send X-Forwarded-Proto and list it in ForwardedHeaders:KnownProxies; or set {Setting}=false.");
        });
        return app;
    }

    /// <summary>
    /// Once the server listens: false, with a critical message, when it listens on plain HTTP
    /// though HTTPS is required and no proxy is trusted to say otherwise; a warning when HTTPS is
    /// not required outside Development.
    /// </summary>
    public static bool CheckEndpoints(WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            return true;
        }
        if (!IsRequired(app.Environment, app.Configuration))
        {
            LogNotRequired(app.Logger, Setting);
            return true;
        }
        if (app.Services.GetRequiredService<ForwardedHeadersSettings>().Enabled)
        {
            return true;
        }
        var plain = (app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            .Where(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (plain.Count == 0)
        {
            return true;
        }
        LogPlainHttpRefused(app.Logger, string.Join(", ", plain), Setting);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message =
        "FalseReject will not serve plain HTTP outside Development ({Addresses}): its sign-in and antiforgery cookies are Secure-only, so nobody could log in. "
        + "Listen on HTTPS (--urls https://..., with a certificate in Kestrel:Certificates:Default); "
        + "or, behind a reverse proxy that terminates TLS, enable forwarded headers (ForwardedHeaders:Enabled=true, with ForwardedHeaders:KnownProxies set to the proxy's address) so that its X-Forwarded-Proto counts; "
        + "or set {Setting}=false to accept plain HTTP with cookies that are not Secure-only.")]
    private static partial void LogPlainHttpRefused(ILogger logger, string addresses, string setting);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "{Setting}=false: FalseReject accepts plain HTTP outside Development, and its sign-in and antiforgery cookies are not Secure-only, "
        + "so over HTTP they travel in clear text. Use it only on a trusted network, or serve HTTPS.")]
    private static partial void LogNotRequired(ILogger logger, string setting);
}
