using System.Data;
using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Features.Annotation;

/// <summary>
/// The queue on PostgreSQL, with the SQLite store's semantics statement for statement. Every
/// write is one READ COMMITTED transaction whose first statement is
/// <c>pg_advisory_xact_lock(queue, dataset)</c>: the writers of one dataset run one after the
/// other (across processes and app instances too), and since each later statement of a READ
/// COMMITTED transaction takes a fresh snapshot, the checks "fewer than N votes", "not reserved up
/// to N by others" and "not voted already" see every earlier writer's commit and stay true until
/// this transaction's writes commit. The lock is released by commit or rollback, so nothing
/// leaks. Chosen over SERIALIZABLE with retry because the queue is a hot spot: many annotators
/// reserve from the same few items, so serializable transactions would abort and retry often
/// (and every caller would need a retry loop), while a per-dataset lock just queues them for the
/// few milliseconds each write takes, and different datasets do not wait on each other. The
/// unique index on (item, annotator) is the last line of defence.
/// </summary>
public sealed partial class PostgresAnnotationQueueStore(IDbContextFactory<AppDbContext> dbFactory) : IAnnotationQueueStore
{
    /// <summary>The advisory lock key space of the annotation queue (the second key is the dataset id).</summary>
    private const int LockSpace = 0x46525131; // "FRQ1"

    public async Task EnsureItemsAsync(int datasetId, CancellationToken cancellationToken = default)
    {
        await WriteAsync(datasetId, async (connection, transaction) =>
        {
            await ExecuteAsync(connection, transaction, """
                INSERT INTO "AnnotationItems" ("DatasetId", "QueryId", "TaskType", "Ordinal", "CategoryId", "Status", "VoteCount")
                SELECT q."DatasetId", q."Id", 'QueryLabel', q."Ordinal", q."CategoryId", 'Open', 0
                FROM "Queries" q WHERE q."DatasetId" = @dataset
                ON CONFLICT ("QueryId", "TaskType") DO NOTHING;
                """, ("@dataset", datasetId));
            await ExecuteAsync(connection, transaction, """
                INSERT INTO "AnnotationItems" ("DatasetId", "QueryId", "TaskType", "Ordinal", "CategoryId", "Status", "VoteCount")
                SELECT q."DatasetId", q."Id", 'ResponseReview', q."Ordinal", q."CategoryId", 'Open', 0
                FROM "Queries" q WHERE q."DatasetId" = @dataset AND q."HasResponses"
                ON CONFLICT ("QueryId", "TaskType") DO NOTHING;
                """, ("@dataset", datasetId));
            return 0;
        }, cancellationToken);
    }

    public Task<int?> ReserveNextAsync(QueueRequest request, CancellationToken cancellationToken = default) =>
        WriteAsync(request.DatasetId, async (connection, transaction) =>
        {
            var (votesPerItem, reservationMinutes, excludedCaller) =
                await ReadQueueSettingsAsync(connection, transaction, request.DatasetId, request.AnnotatorId, cancellationToken);
            if (excludedCaller)
            {
                throw new UnauthorizedAccessException(SqliteAnnotationQueueStore.NotAllowedMessage);
            }
            object category = request.CategoryId is { } c ? c : DBNull.Value;

            // The filter every candidate must pass: this queue, still open, matching the category,
            // not skipped in this session, and not voted on by the caller.
            const string filter = """
                i."DatasetId" = @dataset AND i."TaskType" = @task AND i."Status" = 'Open'
                AND (@category::integer IS NULL OR i."CategoryId" = @category::integer)
                AND NOT (i."Id" = ANY(@excluded))
                AND NOT EXISTS (SELECT 1 FROM "AnnotationVotes" v WHERE v."ItemId" = i."Id" AND v."AnnotatorId" = @annotator)
                """;
            (string, object)[] args =
            [
                ("@dataset", request.DatasetId), ("@task", request.Task.ToString()), ("@category", category),
                ("@excluded", request.Excluded.ToArray()), ("@annotator", request.AnnotatorId),
                ("@now", Utc(request.Now)), ("@votes", votesPerItem),
            ];

            // 1. Resume a live reservation the caller already holds.
            var held = await ScalarAsync<int?>(connection, transaction, $"""
                SELECT i."Id" FROM "AnnotationReservations" r JOIN "AnnotationItems" i ON i."Id" = r."ItemId"
                WHERE r."AnnotatorId" = @annotator AND r."ExpiresAt" > @now AND {filter}
                ORDER BY i."Ordinal" LIMIT 1;
                """, args);
            if (held is { } heldId)
            {
                return (int?)heldId;
            }

            // 2. Otherwise drop the caller's other reservations in this queue and pick a servable
            //    item: fewer than N submitted votes plus live reservations by others. Partly
            //    labeled items first, then dataset order.
            await ExecuteAsync(connection, transaction, """
                DELETE FROM "AnnotationReservations" WHERE "AnnotatorId" = @annotator
                AND "ItemId" IN (SELECT "Id" FROM "AnnotationItems" WHERE "DatasetId" = @dataset AND "TaskType" = @task);
                """, args);
            const string servable = """
                AND i."VoteCount" + (SELECT COUNT(*) FROM "AnnotationReservations" r
                                     WHERE r."ItemId" = i."Id" AND r."ExpiresAt" > @now AND r."AnnotatorId" <> @annotator) < @votes
                """;
            var next = await ScalarAsync<int?>(connection, transaction,
                           $"""SELECT i."Id" FROM "AnnotationItems" i WHERE {filter} AND i."VoteCount" > 0 {servable} ORDER BY i."Ordinal" LIMIT 1;""", args)
                       ?? await ScalarAsync<int?>(connection, transaction,
                           $"""SELECT i."Id" FROM "AnnotationItems" i WHERE {filter} AND i."VoteCount" = 0 {servable} ORDER BY i."Ordinal" LIMIT 1;""", args);
            if (next is not { } itemId)
            {
                return null;
            }

            await ExecuteAsync(connection, transaction, """
                INSERT INTO "AnnotationReservations" ("ItemId", "AnnotatorId", "ExpiresAt") VALUES (@item, @annotator, @expires)
                ON CONFLICT ("ItemId", "AnnotatorId") DO UPDATE SET "ExpiresAt" = excluded."ExpiresAt";
                """, ("@item", itemId), ("@annotator", request.AnnotatorId),
                ("@expires", Utc(request.Now.AddMinutes(reservationMinutes))));
            return (int?)itemId;
        }, cancellationToken);

    public async Task ReleaseAsync(int itemId, string annotatorId, CancellationToken cancellationToken = default)
    {
        if (await DatasetOfAsync(itemId, cancellationToken) is not { } datasetId)
        {
            return;
        }
        await WriteAsync(datasetId, async (connection, transaction) =>
        {
            await ExecuteAsync(connection, transaction,
                """DELETE FROM "AnnotationReservations" WHERE "ItemId" = @item AND "AnnotatorId" = @annotator;""",
                ("@item", itemId), ("@annotator", annotatorId));
            return 0;
        }, cancellationToken);
    }

    public async Task<SubmitResult> SubmitAsync(VoteWrite vote, CancellationToken cancellationToken = default)
    {
        // An item's dataset never changes, so it may be read before the dataset's lock is taken.
        if (await DatasetOfAsync(vote.ItemId, cancellationToken) is not { } lockedDataset)
        {
            return SubmitResult.Reject($"Item {vote.ItemId} does not exist.");
        }
        return await WriteAsync(lockedDataset, async (connection, transaction) =>
        {
            (string, object)[] key = [("@item", vote.ItemId), ("@annotator", vote.AnnotatorId), ("@now", Utc(vote.Now))];
            int datasetId, voteCount;
            AnnotationTaskType task;
            AnnotationItemStatus status;
            await using (var item = await ReaderAsync(connection, transaction,
                             """SELECT "DatasetId", "TaskType", "Status", "VoteCount" FROM "AnnotationItems" WHERE "Id" = @item;""", key))
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
            var voteId = 0;
            await using (var mine = await ReaderAsync(connection, transaction, """
                             SELECT "Id", "Label", "RubricJson", "Unsure", "Comment", "GuidelineVersion", "ActiveMilliseconds"
                             FROM "AnnotationVotes" WHERE "ItemId" = @item AND "AnnotatorId" = @annotator;
                             """, key))
            {
                if (await mine.ReadAsync(cancellationToken))
                {
                    voteId = mine.GetInt32(0);
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
                ("@label", vote.Label?.ToString() ?? (object)DBNull.Value),
                ("@rubric", vote.RubricJson ?? (object)DBNull.Value),
                ("@unsure", vote.Unsure),
                ("@comment", vote.Comment ?? (object)DBNull.Value),
                ("@guideline", vote.GuidelineVersion ?? (object)DBNull.Value),
                ("@ms", Math.Max(0L, vote.ActiveMilliseconds)),
            ];
            SubmitStatus outcome;
            if (old is not null)
            {
                if (status == AnnotationItemStatus.Settled)
                {
                    return SubmitResult.Reject("This item is settled: its votes can no longer change.");
                }
                await ExecuteAsync(connection, transaction, """
                    UPDATE "AnnotationVotes" SET "Label" = @label, "RubricJson" = @rubric, "Unsure" = @unsure, "Comment" = @comment,
                        "GuidelineVersion" = @guideline, "ActiveMilliseconds" = "ActiveMilliseconds" + @ms, "UpdatedAt" = @now
                    WHERE "Id" = @vote;
                    """, [.. values, ("@vote", voteId)]);
                outcome = SubmitStatus.Updated;
            }
            else
            {
                if (status != AnnotationItemStatus.Open || voteCount >= votesPerItem)
                {
                    return SubmitResult.Reject("This item already has all its votes.");
                }
                var holds = await ScalarAsync<int?>(connection, transaction,
                    """SELECT 1 FROM "AnnotationReservations" WHERE "ItemId" = @item AND "AnnotatorId" = @annotator AND "ExpiresAt" > @now;""", key) is not null;
                if (!holds)
                {
                    var reservedByOthers = await ScalarAsync<long?>(connection, transaction,
                        """SELECT COUNT(*) FROM "AnnotationReservations" WHERE "ItemId" = @item AND "AnnotatorId" <> @annotator AND "ExpiresAt" > @now;""", key) ?? 0;
                    if (voteCount + reservedByOthers >= votesPerItem)
                    {
                        return SubmitResult.Reject("Your reservation of this item expired and others now hold it; take the next item.");
                    }
                }
                voteId = await ScalarAsync<int?>(connection, transaction, """
                    INSERT INTO "AnnotationVotes" ("ItemId", "AnnotatorId", "Label", "RubricJson", "Unsure", "Comment", "GuidelineVersion", "ActiveMilliseconds", "CreatedAt", "UpdatedAt")
                    VALUES (@item, @annotator, @label, @rubric, @unsure, @comment, @guideline, @ms, @now, @now)
                    RETURNING "Id";
                    """, values) ?? throw new InvalidOperationException("The vote was not stored.");
                await ExecuteAsync(connection, transaction,
                    """UPDATE "AnnotationItems" SET "VoteCount" = "VoteCount" + 1 WHERE "Id" = @item;""", key);
                await ExecuteAsync(connection, transaction,
                    """DELETE FROM "AnnotationReservations" WHERE "ItemId" = @item AND "AnnotatorId" = @annotator;""", key);
                voteCount++;
                outcome = SubmitStatus.Created;
            }

            var @new = new VoteSnapshot(vote.Label, vote.RubricJson, vote.Unsure, vote.Comment, vote.GuidelineVersion,
                (old?.ActiveMilliseconds ?? 0) + Math.Max(0, vote.ActiveMilliseconds));
            await ExecuteAsync(connection, transaction, """
                INSERT INTO "AnnotationVoteHistory" ("VoteId", "ItemId", "AnnotatorId", "ChangedAt", "OldValueJson", "NewValueJson")
                VALUES (@vote, @item, @annotator, @now, @old, @new);
                """, [.. key, ("@vote", voteId), ("@old", old?.ToJson() ?? (object)DBNull.Value), ("@new", @new.ToJson())]);

            if (voteCount >= votesPerItem)
            {
                await SettleAsync(connection, transaction, vote.ItemId, task, vote.Now, cancellationToken);
            }
            return new SubmitResult(outcome);
        }, cancellationToken);
    }

    /// <summary>
    /// Settles or disputes an item that has all its votes (see <see cref="Settlement"/>, with the
    /// dataset's majority option), and records a change of its gold label in GoldLabelHistory.
    /// </summary>
    private static async Task SettleAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int itemId, AnnotationTaskType task,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var votes = new List<SettlementVote>();
        await using (var reader = await ReaderAsync(connection, transaction,
                         """SELECT "Label", "RubricJson", "Unsure" FROM "AnnotationVotes" WHERE "ItemId" = @item;""", ("@item", itemId)))
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
                         SELECT i."DatasetId", i."Status", i."GoldLabel", i."GoldRubricJson", i."SettlementKind", COALESCE(s."AcceptMajority", FALSE)
                         FROM "AnnotationItems" i LEFT JOIN "AnnotationSettings" s ON s."DatasetId" = i."DatasetId" WHERE i."Id" = @item;
                         """, ("@item", itemId)))
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
            UPDATE "AnnotationItems" SET "Status" = @status, "GoldLabel" = @gold, "GoldRubricJson" = @goldRubric,
                "SettledAt" = @settledAt, "SettledById" = NULL, "SettlementKind" = @kind
            WHERE "Id" = @item;
            """,
            ("@item", itemId), ("@status", decision.Status.ToString()),
            ("@gold", decision.GoldLabel?.ToString() ?? (object)DBNull.Value),
            ("@goldRubric", decision.GoldRubricJson ?? (object)DBNull.Value),
            ("@settledAt", settled ? Utc(now) : DBNull.Value),
            ("@kind", decision.Kind?.ToString() ?? (object)DBNull.Value));
        await ExecuteAsync(connection, transaction,
            """DELETE FROM "AnnotationReservations" WHERE "ItemId" = @item;""", ("@item", itemId));
        if (old.GoldChangedBy(decision))
        {
            await ExecuteAsync(connection, transaction, """
                INSERT INTO "GoldLabelHistory" ("ItemId", "DatasetId", "ChangedAt", "ChangedById", "OldStatus", "NewStatus", "OldLabel", "NewLabel",
                    "OldRubricJson", "NewRubricJson", "OldKind", "NewKind")
                VALUES (@item, @dataset, @now, NULL, @oldStatus, @status, @oldLabel, @gold, @oldRubric, @goldRubric, @oldKind, @kind);
                """,
                ("@item", itemId), ("@dataset", datasetId), ("@now", Utc(now)),
                ("@oldStatus", old.Status.ToString()), ("@status", decision.Status.ToString()),
                ("@oldLabel", old.Label?.ToString() ?? (object)DBNull.Value), ("@gold", decision.GoldLabel?.ToString() ?? (object)DBNull.Value),
                ("@oldRubric", old.RubricJson ?? (object)DBNull.Value), ("@goldRubric", decision.GoldRubricJson ?? (object)DBNull.Value),
                ("@oldKind", old.Kind?.ToString() ?? (object)DBNull.Value), ("@kind", decision.Kind?.ToString() ?? (object)DBNull.Value));
        }
    }

    /// <summary>The dataset's N and reservation time, and whether an allow-list exists without the caller on it.</summary>
    private static async Task<(int VotesPerItem, int ReservationMinutes, bool CallerExcluded)> ReadQueueSettingsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, int datasetId, string annotatorId, CancellationToken cancellationToken)
    {
        await using var reader = await ReaderAsync(connection, transaction, """
            SELECT s."VotesPerItem", s."ReservationMinutes",
                EXISTS (SELECT 1 FROM "AnnotationAllowedAnnotators" a WHERE a."DatasetId" = s."DatasetId")
                AND NOT EXISTS (SELECT 1 FROM "AnnotationAllowedAnnotators" a WHERE a."DatasetId" = s."DatasetId" AND a."UserId" = @annotator)
            FROM "AnnotationSettings" s WHERE s."DatasetId" = @dataset;
            """, ("@dataset", datasetId), ("@annotator", annotatorId));
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetInt32(0), reader.GetInt32(1), reader.GetBoolean(2))
            : (AnnotationSettings.DefaultVotesPerItem, AnnotationSettings.DefaultReservationMinutes, false);
    }

    private static async Task<(int VotesPerItem, int ReservationMinutes)> ReadSettingsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, int datasetId, CancellationToken cancellationToken)
    {
        await using var reader = await ReaderAsync(connection, transaction,
            """SELECT "VotesPerItem", "ReservationMinutes" FROM "AnnotationSettings" WHERE "DatasetId" = @dataset;""", ("@dataset", datasetId));
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetInt32(0), reader.GetInt32(1))
            : (AnnotationSettings.DefaultVotesPerItem, AnnotationSettings.DefaultReservationMinutes);
    }

    /// <summary>The dataset an item belongs to (null when there is no such item).</summary>
    private async Task<int?> DatasetOfAsync(int itemId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AnnotationItems.Where(i => i.Id == itemId).Select(i => (int?)i.DatasetId).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction on a connection of its own, after taking the
    /// dataset's transaction-scoped advisory lock.
    /// </summary>
    private async Task<T> WriteAsync<T>(int datasetId, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@space, @dataset);",
            ("@space", LockSpace), ("@dataset", datasetId));
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Timestamps are timestamptz: Npgsql takes only UTC offsets.</summary>
    private static DateTimeOffset Utc(DateTimeOffset value) => value.ToUniversalTime();

    [GeneratedRegex(@"@\w+")]
    private static partial Regex ParameterName();

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, (string Name, object Value)[] parameters)
    {
        var used = ParameterName().Matches(sql).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            if (used.Contains(name))
            {
                command.Parameters.AddWithValue(name, value);
            }
        }
        return command;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params (string, object)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T?> ScalarAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params (string, object)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<DbDataReader> ReaderAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params (string, object)[] parameters)
    {
        var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteReaderAsync(CommandBehavior.Default);
    }
}
