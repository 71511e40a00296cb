namespace FalseReject.Web.Features.Admin;

public static class AdminFeature
{
    /// <summary>User administration (the users page and the CLI's <c>users</c> verbs).</summary>
    public static IServiceCollection AddAdminFeature(this IServiceCollection services)
    {
        services.AddScoped<UserAdminService>();
        return services;
    }
}
