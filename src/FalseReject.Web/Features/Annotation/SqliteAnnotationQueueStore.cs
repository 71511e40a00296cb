using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Features.Annotation;

/// <summary>
/// The queue on SQLite. Every write is one <c>BEGIN IMMEDIATE</c> transaction (SQLite's single
/// writer lock taken up front), so the checks "fewer than N votes", "not reserved up to N by
/// others" and "not voted already" and the writes that follow them are atomic, across processes
/// too. Within this process writers also queue on a semaphore, which spares them SQLite's
/// busy-wait sleeps. The unique index on (item, annotator) is the last line of defence.
/// </summary>
public sealed class SqliteAnnotationQueueStore(IDbContextFactory<AppDbContext> dbFactory) : IAnnotationQueueStore
{
    private static readonly ValueConverter<DateTimeOffset, long> Instant = new DateTimeOffsetToBinaryConverter();

    private readonly SemaphoreSlim _writer = new(1, 1);

    /// <summary>How a date is stored (see AppDbContext's conventions), for comparisons in SQL.</summary>
    internal static long ToStore(DateTimeOffset value) => (long)Instant.ConvertToProvider(value.ToUniversalTime())!;

    public async Task EnsureItemsAsync(int datasetId, CancellationToken cancellationToken = default)
    {
        await WriteAsync(async (connection, transaction) =>
        {
            await ExecuteAsync(connection, transaction, """
                INSERT INTO AnnotationItems (DatasetId, QueryId, TaskType, Ordinal, CategoryId, Status, VoteCount)
                SELECT q.DatasetId, q.Id, 'QueryLabel', q.Ordinal, q.CategoryId, 'Open', 0
                FROM Queries q WHERE q.DatasetId = $dataset
                ON CONFLICT (QueryId, TaskType) DO NOTHING;
                INSERT INTO AnnotationItems (DatasetId, QueryId, TaskType, Ordinal, CategoryId, Status, VoteCount)
                SELECT q.DatasetId, q.Id, 'ResponseReview', q.Ordinal, q.CategoryId, 'Open', 0
                FROM Queries q WHERE q.DatasetId = $dataset AND q.HasResponses = 1
                ON CONFLICT (QueryId, TaskType) DO NOTHING;
                """, ("$dataset", datasetId));
            return 0;
        }, cancellationToken);
    }

    public Task<int?> ReserveNextAsync(QueueRequest request, CancellationToken cancellationToken = default) =>
        WriteAsync(async (connection, transaction) =>
        {
            var (votesPerItem, reservationMinutes, excludedCaller) =
                await ReadQueueSettingsAsync(connection, transaction, request.DatasetId, request.AnnotatorId, cancellationToken);
            if (excludedCaller)
            {
                throw new UnauthorizedAccessException(NotAllowedMessage);
            }
            var now = ToStore(request.Now);
            var excluded = "[" + string.Join(",", request.Excluded) + "]";
            object category = request.CategoryId is { } c ? c : DBNull.Value;
            var task = request.Task.ToString();

            // The filter every candidate must pass: this queue, still open, matching the category,
            // not skipped in this session, and not voted on by the caller.
            const string filter = """
                i.DatasetId = $dataset AND i.TaskType = $task AND i.Status = 'Open'
                AND ($category IS NULL OR i.CategoryId = $category)
                AND i.Id NOT IN (SELECT value FROM json_each($excluded))
                AND NOT EXISTS (SELECT 1 FROM AnnotationVotes v WHERE v.ItemId = i.Id AND v.AnnotatorId = $annotator)
                """;
            (string, object)[] args =
            [
                ("$dataset", request.DatasetId), ("$task", task), ("$category", category), ("$excluded", excluded),
                ("$annotator", request.AnnotatorId), ("$now", now), ("$n", votesPerItem),
            ];

            // 1. Resume a live reservation the caller already holds.
            var held = await ScalarAsync<long?>(connection, transaction, $"""
                SELECT i.Id FROM AnnotationReservations r JOIN AnnotationItems i ON i.Id = r.ItemId
                WHERE r.AnnotatorId = $annotator AND r.ExpiresAt > $now AND {filter}
                ORDER BY i.Ordinal LIMIT 1;
                """, args);
            if (held is { } heldId)
            {
                return (int?)heldId;
            }

            // 2. Otherwise drop the caller's other reservations in this queue and pick a servable
            //    item: fewer than N submitted votes plus live reservations by others. Partly
            //    labeled items first, then dataset order.
            await ExecuteAsync(connection, transaction, """
                DELETE FROM AnnotationReservations WHERE AnnotatorId = $annotator
                AND ItemId IN (SELECT Id FROM AnnotationItems WHERE DatasetId = $dataset AND TaskType = $task);
                """, args);
            const string servable = """
                AND i.VoteCount + (SELECT COUNT(*) FROM AnnotationReservations r
                                   WHERE r.ItemId = i.Id AND r.ExpiresAt > $now AND r.AnnotatorId <> $annotator) < $n
                """;
            var next = await ScalarAsync<long?>(connection, transaction,
                           $"SELECT i.Id FROM AnnotationItems i WHERE {filter} AND i.VoteCount > 0 {servable} ORDER BY i.Ordinal LIMIT 1;", args)
                       ?? await ScalarAsync<long?>(connection, transaction,
                           $"SELECT i.Id FROM AnnotationItems i WHERE {filter} AND i.VoteCount = 0 {servable} ORDER BY i.Ordinal LIMIT 1;", args);
            if (next is not { } itemId)
            {
                return null;
            }

            await ExecuteAsync(connection, transaction, """
                INSERT INTO AnnotationReservations (ItemId, AnnotatorId, ExpiresAt) VALUES ($item, $annotator, $expires)
                ON CONFLICT (ItemId, AnnotatorId) DO UPDATE SET ExpiresAt = excluded.ExpiresAt;
                """, ("$item", itemId), ("$annotator", request.AnnotatorId),
                ("$expires", ToStore(request.Now.AddMinutes(reservationMinutes))));
            return (int?)itemId;
        }, cancellationToken);

    public async Task ReleaseAsync(int itemId, string annotatorId, CancellationToken cancellationToken = default) =>
        await WriteAsync(async (connection, transaction) =>
        {
            await ExecuteAsync(connection, transaction,
                "DELETE FROM AnnotationReservations WHERE ItemId = $item AND AnnotatorId = $annotator;",
                ("$item", itemId), ("$annotator", annotatorId));
            return 0;
        }, cancellationToken);

    public Task<SubmitResult> SubmitAsync(VoteWrite vote, CancellationToken cancellationToken = default) =>
        WriteAsync(async (connection, transaction) =>
        {
            (string, object)[] key = [("$item", vote.ItemId), ("$annotator", vote.AnnotatorId), ("$now", ToStore(vote.Now))];
            int datasetId, voteCount;
            AnnotationTaskType task;
            AnnotationItemStatus status;
            await using (var item = await ReaderAsync(connection, transaction,
                             "SELECT DatasetId, TaskType, Status, VoteCount FROM AnnotationItems WHERE Id = $item;", key))
            {
                if (!await item.ReadAsync(cancellationToken))
                {
                    return SubmitResult.Reject($"Item {vote.ItemId} does not exist.");
                }
                datasetId = item.GetInt32(0);
                task = Enum.Parse<AnnotationTaskType>(item.GetString(1));
                status = Enum.Parse<AnnotationItemStatus>(item.GetString(2));
                voteCount = item.GetInt32(3);
            }
            var (votesPerItem, _) = await ReadSettingsAsync(connection, transaction, datasetId, cancellationToken);

            VoteSnapshot? old = null;
            long voteId = 0;
            await using (var mine = await ReaderAsync(connection, transaction, """
                             SELECT Id, Label, RubricJson, Unsure, Comment, GuidelineVersion, ActiveMilliseconds
                             FROM AnnotationVotes WHERE ItemId = $item AND AnnotatorId = $annotator;
                             """, key))
            {
                if (await mine.ReadAsync(cancellationToken))
                {
                    voteId = mine.GetInt64(0);
                    old = new VoteSnapshot(
                        mine.IsDBNull(1) ? null : Enum.Parse<QueryLabel>(mine.GetString(1)),
                        mine.IsDBNull(2) ? null : mine.GetString(2),
                        mine.GetBoolean(3),
                        mine.IsDBNull(4) ? null : mine.GetString(4),
                        mine.IsDBNull(5) ? null : mine.GetInt32(5),
                        mine.GetInt64(6));
                }
            }

            (string, object)[] values =
            [
                .. key,
                ("$label", vote.Label?.ToString() ?? (object)DBNull.Value),
                ("$rubric", vote.RubricJson ?? (object)DBNull.Value),
                ("$unsure", vote.Unsure),
                ("$comment", vote.Comment ?? (object)DBNull.Value),
                ("$guideline", vote.GuidelineVersion ?? (object)DBNull.Value),
                ("$ms", Math.Max(0, vote.ActiveMilliseconds)),
            ];
            SubmitStatus outcome;
            if (old is not null)
            {
                if (status == AnnotationItemStatus.Settled)
                {
                    return SubmitResult.Reject("This item is settled: its votes can no longer change.");
                }
                await ExecuteAsync(connection, transaction, """
                    UPDATE AnnotationVotes SET Label = $label, RubricJson = $rubric, Unsure = $unsure, Comment = $comment,
                        GuidelineVersion = $guideline, ActiveMilliseconds = ActiveMilliseconds + $ms, UpdatedAt = $now
                    WHERE Id = $vote;
                    """, [.. values, ("$vote", voteId)]);
                outcome = SubmitStatus.Updated;
            }
            else
            {
                if (status != AnnotationItemStatus.Open || voteCount >= votesPerItem)
                {
                    return SubmitResult.Reject("This item already has all its votes.");
                }
                var holds = await ScalarAsync<long?>(connection, transaction,
                    "SELECT 1 FROM AnnotationReservations WHERE ItemId = $item AND AnnotatorId = $annotator AND ExpiresAt > $now;", key) is not null;
                if (!holds)
                {
                    var reservedByOthers = await ScalarAsync<long?>(connection, transaction,
                        "SELECT COUNT(*) FROM AnnotationReservations WHERE ItemId = $item AND AnnotatorId <> $annotator AND ExpiresAt > $now;", key) ?? 0;
                    if (voteCount + reservedByOthers >= votesPerItem)
                    {
                        return SubmitResult.Reject("Your reservation of this item expired and others now hold it; take the next item.");
                    }
                }
                voteId = await ScalarAsync<long?>(connection, transaction, """
                    INSERT INTO AnnotationVotes (ItemId, AnnotatorId, Label, RubricJson, Unsure, Comment, GuidelineVersion, ActiveMilliseconds, CreatedAt, UpdatedAt)
                    VALUES ($item, $annotator, $label, $rubric, $unsure, $comment, $guideline, $ms, $now, $now)
                    RETURNING Id;
                    """, values) ?? throw new InvalidOperationException("The vote was not stored.");
                await ExecuteAsync(connection, transaction, """
                    UPDATE AnnotationItems SET VoteCount = VoteCount + 1 WHERE Id = $item;
                    DELETE FROM AnnotationReservations WHERE ItemId = $item AND AnnotatorId = $annotator;
                    """, key);
                voteCount++;
                outcome = SubmitStatus.Created;
            }

            var @new = new VoteSnapshot(vote.Label, vote.RubricJson, vote.Unsure, vote.Comment, vote.GuidelineVersion,
                (old?.ActiveMilliseconds ?? 0) + Math.Max(0, vote.ActiveMilliseconds));
            await ExecuteAsync(connection, transaction, """
                INSERT INTO AnnotationVoteHistory (VoteId, ItemId, AnnotatorId, ChangedAt, OldValueJson, NewValueJson)
                VALUES ($vote, $item, $annotator, $now, $old, $new);
                """, [.. key, ("$vote", voteId), ("$old", old?.ToJson() ?? (object)DBNull.Value), ("$new", @new.ToJson())]);

            if (voteCount >= votesPerItem)
            {
                await SettleAsync(connection, transaction, vote.ItemId, task, vote.Now, cancellationToken);
            }
            return new SubmitResult(outcome);
        }, cancellationToken);

    /// <summary>
    /// Settles or disputes an item that has all its votes (see <see cref="Settlement"/>, with the
    /// dataset's majority option), and records a change of its gold label in GoldLabelHistory.
    /// </summary>
    private static async Task SettleAsync(SqliteConnection connection, SqliteTransaction transaction, int itemId, AnnotationTaskType task,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var votes = new List<SettlementVote>();
        await using (var reader = await ReaderAsync(connection, transaction,
                         "SELECT Label, RubricJson, Unsure FROM AnnotationVotes WHERE ItemId = $item;", ("$item", itemId)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                votes.Add(new SettlementVote(
                    reader.IsDBNull(0) ? null : Enum.Parse<QueryLabel>(reader.GetString(0)),
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.GetBoolean(2)));
            }
        }
        GoldState old;
        int datasetId;
        bool acceptMajority;
        await using (var reader = await ReaderAsync(connection, transaction, """
                         SELECT i.DatasetId, i.Status, i.GoldLabel, i.GoldRubricJson, i.SettlementKind, COALESCE(s.AcceptMajority, 0)
                         FROM AnnotationItems i LEFT JOIN AnnotationSettings s ON s.DatasetId = i.DatasetId WHERE i.Id = $item;
                         """, ("$item", itemId)))
        {
            await reader.ReadAsync(cancellationToken);
            datasetId = reader.GetInt32(0);
            old = new GoldState(
                Enum.Parse<AnnotationItemStatus>(reader.GetString(1)),
                reader.IsDBNull(2) ? null : Enum.Parse<QueryLabel>(reader.GetString(2)),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : Enum.Parse<SettlementKind>(reader.GetString(4)));
            acceptMajority = reader.GetBoolean(5);
        }
        var decision = Settlement.Decide(task, votes, acceptMajority);
        var settled = decision.Status == AnnotationItemStatus.Settled;
        await ExecuteAsync(connection, transaction, """
            UPDATE AnnotationItems SET Status = $status, GoldLabel = $gold, GoldRubricJson = $goldRubric,
                SettledAt = $settledAt, SettledById = NULL, SettlementKind = $kind
            WHERE Id = $item;
            DELETE FROM AnnotationReservations WHERE ItemId = $item;
            """,
            ("$item", itemId), ("$status", decision.Status.ToString()),
            ("$gold", decision.GoldLabel?.ToString() ?? (object)DBNull.Value),
            ("$goldRubric", decision.GoldRubricJson ?? (object)DBNull.Value),
            ("$settledAt", settled ? ToStore(now) : DBNull.Value),
            ("$kind", decision.Kind?.ToString() ?? (object)DBNull.Value));
        if (old.GoldChangedBy(decision))
        {
            await ExecuteAsync(connection, transaction, """
                INSERT INTO GoldLabelHistory (ItemId, DatasetId, ChangedAt, ChangedById, OldStatus, NewStatus, OldLabel, NewLabel,
                    OldRubricJson, NewRubricJson, OldKind, NewKind)
                VALUES ($item, $dataset, $now, NULL, $oldStatus, $status, $oldLabel, $gold, $oldRubric, $goldRubric, $oldKind, $kind);
                """,
                ("$item", itemId), ("$dataset", datasetId), ("$now", ToStore(now)),
                ("$oldStatus", old.Status.ToString()), ("$status", decision.Status.ToString()),
                ("$oldLabel", old.Label?.ToString() ?? (object)DBNull.Value), ("$gold", decision.GoldLabel?.ToString() ?? (object)DBNull.Value),
                ("$oldRubric", old.RubricJson ?? (object)DBNull.Value), ("$goldRubric", decision.GoldRubricJson ?? (object)DBNull.Value),
                ("$oldKind", old.Kind?.ToString() ?? (object)DBNull.Value), ("$kind", decision.Kind?.ToString() ?? (object)DBNull.Value));
        }
    }

    internal const string NotAllowedMessage = "You are not among the annotators of this dataset.";

    /// <summary>
    /// The dataset's N and reservation time, and whether an allow-list exists without the caller
    /// on it — one statement, inside the reserving transaction.
    /// </summary>
    private static async Task<(int VotesPerItem, int ReservationMinutes, bool CallerExcluded)> ReadQueueSettingsAsync(
        SqliteConnection connection, SqliteTransaction transaction, int datasetId, string annotatorId, CancellationToken cancellationToken)
    {
        await using var reader = await ReaderAsync(connection, transaction, """
            SELECT s.VotesPerItem, s.ReservationMinutes,
                EXISTS (SELECT 1 FROM AnnotationAllowedAnnotators a WHERE a.DatasetId = s.DatasetId)
                AND NOT EXISTS (SELECT 1 FROM AnnotationAllowedAnnotators a WHERE a.DatasetId = s.DatasetId AND a.UserId = $annotator)
            FROM AnnotationSettings s WHERE s.DatasetId = $dataset;
            """, ("$dataset", datasetId), ("$annotator", annotatorId));
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetInt32(0), reader.GetInt32(1), reader.GetBoolean(2))
            : (AnnotationSettings.DefaultVotesPerItem, AnnotationSettings.DefaultReservationMinutes, false);
    }

    private static async Task<(int VotesPerItem, int ReservationMinutes)> ReadSettingsAsync(
        SqliteConnection connection, SqliteTransaction transaction, int datasetId, CancellationToken cancellationToken)
    {
        await using var reader = await ReaderAsync(connection, transaction,
            "SELECT VotesPerItem, ReservationMinutes FROM AnnotationSettings WHERE DatasetId = $dataset;", ("$dataset", datasetId));
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetInt32(0), reader.GetInt32(1))
            : (AnnotationSettings.DefaultVotesPerItem, AnnotationSettings.DefaultReservationMinutes);
    }

    /// <summary>Runs <paramref name="work"/> in one immediate transaction on a connection of its own.</summary>
    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await connection.OpenAsync(cancellationToken);
            // Another process (or another store instance) may hold the write lock: wait for it in
            // SQLite. In WAL mode, synchronous=NORMAL syncs at checkpoints rather than at every
            // commit: still atomic and never corrupt; a power cut may lose the last few votes.
            await using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }
            await using var transaction = connection.BeginTransaction(deferred: false);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            _writer.Release();
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            if (sql.Contains(name, StringComparison.Ordinal))
            {
                command.Parameters.AddWithValue(name, value);
            }
        }
        return command;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string, object)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T?> ScalarAsync<T>(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string, object)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<DbDataReader> ReaderAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string, object)[] parameters)
    {
        var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteReaderAsync(System.Data.CommandBehavior.Default);
    }
}

/// <summary>A vote's values as the history records them.</summary>
internal sealed record VoteSnapshot(QueryLabel? Label, string? RubricJson, bool Unsure, string? Comment, int? GuidelineVersion, long ActiveMilliseconds)
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, Json);
}

/// <summary>An item's gold label before automatic settlement runs.</summary>
internal sealed record GoldState(AnnotationItemStatus Status, QueryLabel? Label, string? RubricJson, SettlementKind? Kind)
{
    /// <summary>True when <paramref name="decision"/> changes the gold label, rubric or its kind (a dispute staying a dispute does not).</summary>
    public bool GoldChangedBy(SettlementDecision decision) =>
        Label != decision.GoldLabel || RubricJson != decision.GoldRubricJson || Kind != decision.Kind;
}
