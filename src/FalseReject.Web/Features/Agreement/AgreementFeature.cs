namespace FalseReject.Web.Features.Agreement;

public static class AgreementFeature
{
    /// <summary>The agreement page's service (per circuit; it holds nothing between calls).</summary>
    public static IServiceCollection AddAgreementFeature(this IServiceCollection services)
    {
        services.AddScoped<AgreementService>();
        return services;
    }
}
