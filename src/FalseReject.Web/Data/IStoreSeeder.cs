namespace FalseReject.Web.Data;

/// <summary>
/// Reference rows a feature needs in every store (not demo data), added right after the migrations.
/// Features register theirs; <see cref="DatabaseInitializer"/> runs them knowing no feature. Each must be idempotent.
/// </summary>
public interface IStoreSeeder
{
    Task EnsureAsync(AppDbContext db, CancellationToken cancellationToken = default);
}
