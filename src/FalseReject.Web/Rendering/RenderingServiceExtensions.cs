namespace FalseReject.Web.Rendering;

public static class RenderingServiceExtensions
{
    /// <summary>The shared markdown renderer behind <c>SafeMarkdown</c> (immutable, thread-safe).</summary>
    public static IServiceCollection AddSafeMarkdown(this IServiceCollection services) =>
        services.AddSingleton<MarkdownRenderer>();
}
