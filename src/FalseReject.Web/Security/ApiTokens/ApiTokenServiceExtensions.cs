using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FalseReject.Web.Security.ApiTokens;

public static class ApiTokenServiceExtensions
{
    /// <summary>The token service, used by the account page, the CLI and the bearer scheme.</summary>
    public static IServiceCollection AddApiTokens(this IServiceCollection services)
    {
        services.AddScoped<ApiTokenService>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
