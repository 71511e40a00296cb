using NetEscapades.AspNetCore.SecurityHeaders;

namespace FalseReject.Web.Security;

/// <summary>
/// Security headers on every response, the Content-Security-Policy above all: scripts only from
/// this origin, plus the per-request nonce that the inline import map carries (App.razor).
/// Nothing the data holds can run: prompts and responses are rendered as text or sanitized
/// markdown, and even an injected &lt;script&gt; or event handler would have no nonce.
/// Styles allow 'unsafe-inline' because MudBlazor and Plotly set style attributes.
/// </summary>
public static class SecurityHeadersExtensions
{
    /// <summary>
    /// Kestrel sends no <c>Server</c> header. It writes that header after the middleware has run,
    /// so removing it from the response (NetEscapades' RemoveServerHeader) does not help.
    /// </summary>
    public static WebApplicationBuilder AddFalseRejectSecurityHeaders(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(options => options.AddServerHeader = false);
        return builder;
    }

    public static WebApplication UseFalseRejectSecurityHeaders(this WebApplication app)
    {
        var policies = new HeaderPolicyCollection()
            .AddFrameOptionsDeny()
            .AddContentTypeOptionsNoSniff()
            .AddReferrerPolicyStrictOriginWhenCrossOrigin()
            .AddCrossOriginOpenerPolicy(b => b.SameOrigin())
            .AddPermissionsPolicy(b =>
            {
                b.AddCamera().None();
                b.AddMicrophone().None();
                b.AddGeolocation().None();
                b.AddPayment().None();
            })
            .AddContentSecurityPolicy(b =>
            {
                b.AddDefaultSrc().Self();
                b.AddScriptSrc().Self().WithNonce();
                b.AddStyleSrc().Self().UnsafeInline();
                b.AddImgSrc().Self().Data();
                b.AddFontSrc().Self().Data();
                // Blazor's circuit: the WebSocket to this origin ('self' covers ws/wss in CSP 3).
                b.AddConnectSrc().Self();
                b.AddObjectSrc().None();
                b.AddBaseUri().Self();
                b.AddFormAction().Self();
                b.AddFrameAncestors().None();
            });
        // HSTS comes from app.UseHsts() outside Development (WebServiceExtensions).
        app.UseSecurityHeaders(policies);
        return app;
    }
}
