using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using FalseReject.Web.Data;

namespace FalseReject.Web.Features.Annotation;

/// <summary>
/// What differs between the stores under the one annotation queue: how a write takes its lock,
/// how an instant is compared in SQL, and how a list of excluded ids is passed. Every statement of
/// the queue is written once, in <see cref="AnnotationQueueStore"/>.
/// </summary>
public abstract class QueueDialect
{
    public static QueueDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteQueueDialect(),
        DatabaseProvider.Postgres => new PostgresQueueDialect(),
        _ => throw new NotSupportedException($"The annotation queue has no dialect for the {provider} provider."),
    };

    /// <summary>An instant as the store keeps it (see AppDbContext's conventions), for comparisons and writes in SQL.</summary>
    public abstract object Instant(DateTimeOffset value);

    /// <summary>The condition "<paramref name="column"/> is not one of @excluded".</summary>
    public abstract string NotExcluded(string column);

    /// <summary>The value of @excluded.</summary>
    public abstract object Excluded(IReadOnlyCollection<long> ids);

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction on <paramref name="connection"/> (already
    /// open), holding the store's write lock for <paramref name="datasetId"/> until it commits.
    /// </summary>
    public abstract Task<T> WriteAsync<T>(DbConnection connection, int datasetId, Func<DbTransaction, Task<T>> work,
        CancellationToken cancellationToken);
}

/// <summary>
/// SQLite: one writer at a time. Every write is a <c>BEGIN IMMEDIATE</c> transaction (SQLite's
/// single write lock taken up front, across processes too); within this process writers also
/// queue on a semaphore, which spares them SQLite's busy-wait sleeps.
/// </summary>
public sealed class SqliteQueueDialect : QueueDialect
{
    private static readonly ValueConverter<DateTimeOffset, long> Binary = new DateTimeOffsetToBinaryConverter();

    private readonly SemaphoreSlim _writer = new(1, 1);

    public override object Instant(DateTimeOffset value) => Binary.ConvertToProvider(value.ToUniversalTime())!;

    public override string NotExcluded(string column) => $"{column} NOT IN (SELECT value FROM json_each(@excluded))";

    public override object Excluded(IReadOnlyCollection<long> ids) => "[" + string.Join(",", ids) + "]";

    public override async Task<T> WriteAsync<T>(DbConnection connection, int datasetId, Func<DbTransaction, Task<T>> work,
        CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            // Another process may hold the write lock: wait for it in SQLite. In WAL mode,
            // synchronous=NORMAL syncs at checkpoints rather than at every commit: still atomic and
            // never corrupt; a power cut may lose the last few votes.
            await using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }
            await using var transaction = ((SqliteConnection)connection).BeginTransaction(deferred: false);
            var result = await work(transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            _writer.Release();
        }
    }
}

/// <summary>
/// PostgreSQL: every write is one READ COMMITTED transaction whose first statement is
/// <c>pg_advisory_xact_lock(queue, dataset)</c>. The writers of one dataset run one after the
/// other (across processes and app instances too), and since each later statement of a READ
/// COMMITTED transaction takes a fresh snapshot, the checks "fewer than N votes", "not reserved up
/// to N by others" and "not voted already" see every earlier writer's commit and stay true until
/// this transaction commits. Chosen over SERIALIZABLE with retry because the queue is a hot spot:
/// many annotators reserve from the same few items, so serializable transactions would abort
/// often, while a per-dataset lock queues them for the few milliseconds each write takes, and
/// different datasets do not wait on each other. Commit or rollback releases the lock.
/// </summary>
public sealed class PostgresQueueDialect : QueueDialect
{
    /// <summary>The advisory lock key space of the annotation queue (the second key is the dataset id).</summary>
    private const int LockSpace = 0x46525131; // "FRQ1"

    /// <summary>Timestamps are timestamptz: Npgsql takes only UTC offsets.</summary>
    public override object Instant(DateTimeOffset value) => value.ToUniversalTime();

    public override string NotExcluded(string column) => $"NOT ({column} = ANY(@excluded))";

    public override object Excluded(IReadOnlyCollection<long> ids) => ids.ToArray();

    public override async Task<T> WriteAsync<T>(DbConnection connection, int datasetId, Func<DbTransaction, Task<T>> work,
        CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"SELECT pg_advisory_xact_lock({LockSpace}, {datasetId});";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        var result = await work(transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
