using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using FalseReject.Web.Data;

namespace FalseReject.Web.Security.ApiTokens;

/// <summary>
/// The "ApiToken" scheme: <c>Authorization: Bearer frk_...</c>. The principal is built by the
/// app's own claims principal factory, so roles and claims are those a browser sign-in gets.
/// Challenges answer 401 with <c>WWW-Authenticate: Bearer</c>, forbids 403, both with a JSON
/// problem body (never a redirect to the login page).
/// </summary>
public sealed class BearerTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens,
    IUserClaimsPrincipalFactory<ApplicationUser> principalFactory)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    private const string BearerPrefix = "Bearer ";
    private const string Realm = "FalseReject API";

    private ApiTokenValidation? _failure;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var validation = await tokens.ValidateAsync(header[BearerPrefix.Length..].Trim(), Context.RequestAborted);
        if (!validation.Succeeded)
        {
            _failure = validation;
            return AuthenticateResult.Fail(validation.Message);
        }

        var principal = await principalFactory.CreateAsync(validation.User!);
        var source = principal.Identities.First();
        var identity = new ClaimsIdentity(source.Claims, SchemeName, source.NameClaimType, source.RoleClaimType);
        identity.AddClaim(new Claim(ApiTokenClaims.TokenId, validation.TokenId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        var challenge = _failure is null
            ? $"Bearer realm=\"{Realm}\""
            : $"Bearer realm=\"{Realm}\", error=\"invalid_token\", error_description=\"{_failure.Message}\"";
        Response.Headers.Append(HeaderNames.WWWAuthenticate, challenge);
        await WriteProblemAsync(StatusCodes.Status401Unauthorized, "Unauthorized",
            _failure?.Message ?? "Send a personal API token: Authorization: Bearer frk_... (create one on your account page).");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", "The token's account does not have a role that may do this.");

    private Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        return Response.WriteAsJsonAsync(new { type = "about:blank", title, status, detail }, options: null, contentType: "application/problem+json", Context.RequestAborted);
    }
}

public static class ApiTokenClaims
{
    /// <summary>On principals authenticated by an API token: the token's row id.</summary>
    public const string TokenId = "falsereject:api-token";
}
