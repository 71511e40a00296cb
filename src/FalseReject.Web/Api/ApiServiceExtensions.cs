using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using FalseReject.Web.Security.ApiTokens;

namespace FalseReject.Web.Api;

public static class ApiServiceExtensions
{
    /// <summary>The "ApiToken" bearer scheme, problem details and the OpenAPI document.</summary>
    public static IHostApplicationBuilder AddFalseRejectApi(this IHostApplicationBuilder builder)
    {
        // Bodiless API errors (401, 403, 404, 405, 429) answer with RFC 9457 problem details.
        builder.Services.AddProblemDetails();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, BearerTokenAuthenticationHandler>(BearerTokenAuthenticationHandler.SchemeName, null);
        builder.Services.AddOpenApi(options =>
        {
            // The document describes the token-authenticated API only, not the Identity UI's endpoints.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.OrdinalIgnoreCase) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "FalseReject API";
                document.Info.Description = "Personal API tokens (create one on the account page or with `tokens create`) are sent as `Authorization: Bearer frk_...`.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerTokenAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "frk_<id>_<secret>",
                    Description = "A personal API token.",
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(BearerTokenAuthenticationHandler.SchemeName, document)] = [],
                });
                return Task.CompletedTask;
            });
        });
        return builder;
    }
}
