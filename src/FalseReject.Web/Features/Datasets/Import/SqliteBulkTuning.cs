using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data;

namespace FalseReject.Web.Features.Datasets.Import;

/// <summary>
/// SQLite settings for one bulk import on the import's own connection, restored when disposed
/// (the connection goes back to the pool): a larger page cache, so that the table's and indexes'
/// pages are not spilled to the WAL again and again; <c>synchronous=NORMAL</c>, the setting SQLite
/// recommends with WAL (the commit does not wait for the disk; the database stays consistent, and
/// a power cut may lose only the import, which is then simply redone); no automatic checkpoint at
/// the commit, so that the caller has its answer once the rows are committed, and the WAL is folded
/// into the database file afterwards by <see cref="CheckpointInBackground"/> (readers and writers
/// are not blocked by it). Other providers: nothing.
/// </summary>
internal sealed class SqliteBulkTuning : IAsyncDisposable
{
    private static readonly (string Pragma, string Value)[] Settings =
    [
        ("synchronous", "NORMAL"),
        ("cache_size", "-16384"), // KiB: 16 MB
        // The commit does not fold the WAL into the database file; CheckpointInBackground does.
        ("wal_autocheckpoint", "0"),
        // The importer checks every category id against the catalog and writes its own dataset id:
        // SQLite need not look both parents up again for each of thousands of rows.
        ("foreign_keys", "OFF"),
    ];

    private readonly DbConnection? _connection;
    private readonly List<(string Pragma, string Value)> _previous = [];

    private SqliteBulkTuning(DbConnection? connection) => _connection = connection;

    public static async Task<SqliteBulkTuning> ApplyAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            return new SqliteBulkTuning(null);
        }
        var tuning = new SqliteBulkTuning(db.Database.GetDbConnection());
        foreach (var (pragma, value) in Settings)
        {
            var previous = await tuning.ExecuteAsync($"PRAGMA {pragma};", cancellationToken);
            tuning._previous.Add((pragma, Convert.ToString(previous, CultureInfo.InvariantCulture)!));
            await tuning.ExecuteAsync($"PRAGMA {pragma} = {value};", cancellationToken);
        }
        return tuning;
    }

    /// <summary>Folds the WAL into the database file on a connection of its own, after a bulk import.</summary>
    public static void CheckpointInBackground(IDbContextFactory<AppDbContext> dbFactory, ILogger logger)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync();
                if (db.Database.IsSqlite())
                {
                    await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(PASSIVE);");
                }
            }
            catch (Exception ex)
            {
                // SQLite checkpoints again at the next commits; nothing is lost.
                logger.LogWarning(ex, "The checkpoint after an import failed.");
            }
        });
    }

    private async Task<object?> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = _connection!.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (pragma, value) in _previous)
        {
            await ExecuteAsync($"PRAGMA {pragma} = {value};", CancellationToken.None);
        }
    }
}
