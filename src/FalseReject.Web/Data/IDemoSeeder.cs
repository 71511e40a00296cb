namespace FalseReject.Web.Data;

/// <summary>
/// Demo data a feature adds in demo mode (<c>Seed:Demo=true</c>), after the demo accounts. Features
/// register theirs; <see cref="DatabaseInitializer"/> runs them in <see cref="Order"/>, knowing no feature.
/// Each must be idempotent.
/// </summary>
public interface IDemoSeeder
{
    /// <summary>Lower runs first (runs need the demo dataset, so datasets seed before runs).</summary>
    int Order { get; }

    Task EnsureAsync(CancellationToken cancellationToken = default);
}
