using FalseReject.Web.Data;

namespace FalseReject.Web.Features.Judging;

/// <summary>Judges: the built-in judge template, the rule judge and the verdict parser.</summary>
public static class JudgingFeature
{
    public static IServiceCollection AddJudgingFeature(this IServiceCollection services)
    {
        services.AddSingleton<IStoreSeeder, JudgeTemplateSeed>();
        return services;
    }
}
