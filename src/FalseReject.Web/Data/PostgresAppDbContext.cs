using Microsoft.EntityFrameworkCore;

namespace FalseReject.Web.Data;

/// <summary>
/// The same model on PostgreSQL. EF Core keeps one migration history per context type, so the
/// PostgreSQL migrations (Data/Migrations/Postgres) belong to this subclass and the SQLite ones
/// (Data/Migrations/Sqlite) to <see cref="AppDbContext"/> itself; services and Identity always
/// see an <see cref="AppDbContext"/>. This is EF Core's documented "multiple context types"
/// arrangement for one model on two providers. Add a migration through the app's own host, so
/// that Identity's options shape the model as they do at run time:
/// <c>Database__Provider=Postgres ConnectionStrings__Default="Host=localhost;Database=design"
/// dotnet ef migrations add NAME --context PostgresAppDbContext --output-dir Data/Migrations/Postgres
/// --project src/FalseReject.Web</c> (no server is contacted).
/// </summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);
