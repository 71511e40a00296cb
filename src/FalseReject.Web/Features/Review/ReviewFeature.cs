using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FalseReject.Web.Features.Review;

public static class ReviewFeature
{
    /// <summary>The review services pages call (one per circuit).</summary>
    public static IServiceCollection AddReviewFeature(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<ReviewService>();
        return services;
    }
}
