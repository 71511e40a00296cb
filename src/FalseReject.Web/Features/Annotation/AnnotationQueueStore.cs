using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Features.Annotation;

/// <summary>
/// The annotation queue, on SQLite and PostgreSQL alike: every statement is written once here,
/// and only the write lock (and two value encodings) come from the store's <see cref="QueueDialect"/>.
/// Each operation is one transaction holding that lock, so the checks "fewer than N votes", "not
/// reserved up to N by others" and "not voted already" and the writes that follow them are atomic,
/// across processes too. The unique index on (item, annotator) is the last line of defence.
/// </summary>
public sealed class AnnotationQueueStore(IDbContextFactory<AppDbContext> dbFactory, QueueDialect dialect) : IAnnotationQueueStore
{
    internal const string NotAllowedMessage = "You are not among the annotators of this dataset.";

    internal const string LockedMessage = "This item has all its votes: they can no longer change.";

    public Task EnsureItemsAsync(int datasetId, CancellationToken cancellationToken = default) =>
        WriteAsync(datasetId, async sql =>
        {
            await CreateMissingItemsAsync(sql, datasetId);
            return 0;
        }, cancellationToken);

    public Task<long?> ReserveNextAsync(QueueRequest request, CancellationToken cancellationToken = default) =>
        WriteAsync(request.DatasetId, sql => ReserveNextInAsync(sql, request, cancellationToken), cancellationToken);

    public async Task ReleaseAsync(long itemId, string annotatorId, CancellationToken cancellationToken = default)
    {
        if (await DatasetOfAsync(itemId, cancellationToken) is not { } datasetId)
        {
            return;
        }
        await WriteAsync(datasetId, async sql =>
        {
            await ReleaseInAsync(sql, itemId, annotatorId);
            return 0;
        }, cancellationToken);
    }

    public async Task<SubmitResult> SubmitAsync(VoteWrite vote, CancellationToken cancellationToken = default)
    {
        // An item's dataset never changes, so it may be read before the dataset's lock is taken.
        if (await DatasetOfAsync(vote.ItemId, cancellationToken) is not { } datasetId)
        {
            return SubmitResult.Reject($"Item {vote.ItemId} does not exist.");
        }
        return await WriteAsync(datasetId, sql => SubmitInAsync(sql, datasetId, vote, cancellationToken), cancellationToken);
    }

    public async Task<(SubmitResult Result, long? Next)> SubmitAndReserveNextAsync(VoteWrite vote, QueueRequest next,
        CancellationToken cancellationToken = default)
    {
        if (await DatasetOfAsync(vote.ItemId, cancellationToken) is not { } datasetId)
        {
            return (SubmitResult.Reject($"Item {vote.ItemId} does not exist."), null);
        }
        ArgumentOutOfRangeException.ThrowIfNotEqual(next.DatasetId, datasetId, nameof(next));
        return await WriteAsync(datasetId, async sql =>
        {
            var result = await SubmitInAsync(sql, datasetId, vote, cancellationToken);
            return (result, result.Succeeded ? await ReserveNextInAsync(sql, next, cancellationToken) : null);
        }, cancellationToken);
    }

    public async Task<long?> ReleaseAndReserveNextAsync(long itemId, QueueRequest next, CancellationToken cancellationToken = default)
    {
        var release = await DatasetOfAsync(itemId, cancellationToken) == next.DatasetId;
        return await WriteAsync(next.DatasetId, async sql =>
        {
            if (release)
            {
                await ReleaseInAsync(sql, itemId, next.AnnotatorId);
            }
            return await ReserveNextInAsync(sql, next, cancellationToken);
        }, cancellationToken);
    }

    public async Task<string?> AdjudicateAsync(AdjudicationWrite decision, CancellationToken cancellationToken = default)
    {
        if (await DatasetOfAsync(decision.ItemId, cancellationToken) is not { } datasetId)
        {
            return $"Item {decision.ItemId} does not exist.";
        }
        return await WriteAsync(datasetId, async sql =>
        {
            (string, object?)[] key = [("@item", decision.ItemId), ("@reviewer", decision.ReviewerId)];
            var old = await ReadGoldAsync(sql, decision.ItemId, cancellationToken);
            var votedOnIt = await sql.ScalarAsync<long?>(
                """SELECT 1 FROM "AnnotationVotes" WHERE "ItemId" = @item AND "AnnotatorId" = @reviewer;""", key) is not null;
            if (Settlement.CannotAdjudicate(old.Status, votedOnIt) is { } refusal)
            {
                return refusal;
            }
            var @new = new GoldState(AnnotationItemStatus.Settled, decision.Label, decision.RubricJson, SettlementKind.Adjudicated);
            await sql.ExecuteAsync("""
                UPDATE "AnnotationItems" SET "Status" = @status, "GoldLabel" = @gold, "GoldRubricJson" = @goldRubric,
                    "SettlementKind" = @kind, "SettledAt" = @now, "SettledById" = @reviewer,
                    "AdjudicationReason" = @reason, "AdjudicationConfidence" = @confidence, "SettlementNote" = @note
                WHERE "Id" = @item;
                """,
                [.. key, ("@status", @new.Status.ToString()), ("@gold", QueueCommands.Text(@new.Label)), ("@goldRubric", @new.RubricJson),
                 ("@kind", QueueCommands.Text(@new.Kind)), ("@now", dialect.Instant(decision.Now)),
                 ("@reason", QueueCommands.Text(decision.Reason)), ("@confidence", QueueCommands.Text(decision.Confidence)),
                 ("@note", decision.Note)]);
            // A settled item is no longer served; drop any reservation left on it.
            await sql.ExecuteAsync("""DELETE FROM "AnnotationReservations" WHERE "ItemId" = @item;""", key);
            await GoldHistory.AppendAsync(sql, new GoldChange(decision.ItemId, datasetId, decision.Now, decision.ReviewerId, old, @new,
                decision.Reason, decision.Confidence, decision.Note));
            return null;
        }, cancellationToken);
    }

    /// <summary>The statements of <see cref="ReserveNextAsync"/>, inside a transaction holding the dataset's lock.</summary>
    private async Task<long?> ReserveNextInAsync(QueueCommands sql, QueueRequest request, CancellationToken cancellationToken)
    {
        var (votesPerItem, reservationMinutes, excludedCaller) =
            await ReadQueueSettingsAsync(sql, request.DatasetId, request.AnnotatorId, cancellationToken);
        if (excludedCaller)
        {
            throw new UnauthorizedAccessException(NotAllowedMessage);
        }

        // The filter every candidate must pass: this queue, still open, matching the category,
        // not skipped in this session, and not voted on by the caller.
        var filter = $"""
            i."DatasetId" = @dataset AND i."TaskType" = @task AND i."Status" = 'Open'
            AND (CAST(@category AS INTEGER) IS NULL OR i."CategoryId" = CAST(@category AS INTEGER))
            AND {dialect.NotExcluded("i.\"Id\"")}
            AND NOT EXISTS (SELECT 1 FROM "AnnotationVotes" v WHERE v."ItemId" = i."Id" AND v."AnnotatorId" = @annotator)
            """;
        (string, object?)[] args =
        [
            ("@dataset", request.DatasetId), ("@task", request.Task.ToString()), ("@category", request.CategoryId),
            ("@excluded", dialect.Excluded(request.Excluded)), ("@annotator", request.AnnotatorId),
            ("@now", dialect.Instant(request.Now)), ("@votes", votesPerItem),
        ];

        // 1. Resume a live reservation the caller already holds.
        var held = await sql.ScalarAsync<long?>($"""
            SELECT i."Id" FROM "AnnotationReservations" r JOIN "AnnotationItems" i ON i."Id" = r."ItemId"
            WHERE r."AnnotatorId" = @annotator AND r."ExpiresAt" > @now AND {filter}
            ORDER BY i."Ordinal" LIMIT 1;
            """, args);
        if (held is { } heldId)
        {
            return heldId;
        }

        // 2. Otherwise drop the caller's other reservations in this queue and pick a servable
        //    item: fewer than N submitted votes plus live reservations by others. Partly
        //    labeled items first, then dataset order. When nothing is left, queries added since
        //    the items were made get theirs (creating none, and using no id, when none is missing).
        await sql.ExecuteAsync("""
            DELETE FROM "AnnotationReservations" WHERE "AnnotatorId" = @annotator
            AND "ItemId" IN (SELECT "Id" FROM "AnnotationItems" WHERE "DatasetId" = @dataset AND "TaskType" = @task);
            """, args);
        var next = await PickAsync(sql, filter, args);
        if (next is null && await CreateMissingItemsAsync(sql, request.DatasetId) > 0)
        {
            next = await PickAsync(sql, filter, args);
        }
        if (next is not { } itemId)
        {
            return await sql.ScalarAsync<long?>("""SELECT 1 FROM "Datasets" WHERE "Id" = @dataset;""", args) is null
                ? throw new KeyNotFoundException($"Dataset {request.DatasetId} does not exist.")
                : null;
        }

        await sql.ExecuteAsync("""
            INSERT INTO "AnnotationReservations" ("ItemId", "AnnotatorId", "ExpiresAt") VALUES (@item, @annotator, @expires)
            ON CONFLICT ("ItemId", "AnnotatorId") DO UPDATE SET "ExpiresAt" = excluded."ExpiresAt";
            """, ("@item", itemId), ("@annotator", request.AnnotatorId),
            ("@expires", dialect.Instant(request.Now.AddMinutes(reservationMinutes))));
        return itemId;
    }

    /// <summary>The statements of <see cref="SubmitAsync"/>, inside a transaction holding the lock of the item's dataset.</summary>
    private async Task<SubmitResult> SubmitInAsync(QueueCommands sql, int datasetId, VoteWrite vote, CancellationToken cancellationToken)
    {
        (string, object?)[] key = [("@item", vote.ItemId), ("@annotator", vote.AnnotatorId), ("@now", dialect.Instant(vote.Now))];
        AnnotationTaskType task;
        AnnotationItemStatus status;
        int voteCount;
        await using (var item = await sql.ReaderAsync(
                         """SELECT "TaskType", "Status", "VoteCount" FROM "AnnotationItems" WHERE "Id" = @item;""", key))
        {
            if (!await item.ReadAsync(cancellationToken))
            {
                return SubmitResult.Reject($"Item {vote.ItemId} does not exist.");
            }
            task = Enum.Parse<AnnotationTaskType>(item.GetString(0));
            status = Enum.Parse<AnnotationItemStatus>(item.GetString(1));
            voteCount = item.GetInt32(2);
        }
        var (votesPerItem, _, _) = await ReadQueueSettingsAsync(sql, datasetId, vote.AnnotatorId, cancellationToken);

        VoteSnapshot? old = null;
        long voteId = 0;
        await using (var mine = await sql.ReaderAsync("""
                         SELECT "Id", "Label", "RubricJson", "Unsure", "Comment", "GuidelineVersion", "ActiveMilliseconds"
                         FROM "AnnotationVotes" WHERE "ItemId" = @item AND "AnnotatorId" = @annotator;
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

        var activeMilliseconds = Math.Max(0L, vote.ActiveMilliseconds);
        (string, object?)[] values =
        [
            .. key,
            ("@label", QueueCommands.Text(vote.Label)), ("@rubric", vote.RubricJson), ("@unsure", vote.Unsure),
            ("@comment", vote.Comment), ("@guideline", vote.GuidelineVersion), ("@ms", activeMilliseconds),
        ];
        SubmitStatus outcome;
        if (old is not null)
        {
            // Once an item has its N votes they are locked: a dispute goes to review, and an
            // annotator cannot learn the others' answers from the outcome and then rewrite theirs.
            if (status != AnnotationItemStatus.Open)
            {
                return SubmitResult.Reject(LockedMessage);
            }
            await sql.ExecuteAsync("""
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
            var holds = await sql.ScalarAsync<long?>(
                """SELECT 1 FROM "AnnotationReservations" WHERE "ItemId" = @item AND "AnnotatorId" = @annotator AND "ExpiresAt" > @now;""",
                key) is not null;
            if (!holds)
            {
                var reservedByOthers = await sql.ScalarAsync<long?>(
                    """SELECT COUNT(*) FROM "AnnotationReservations" WHERE "ItemId" = @item AND "AnnotatorId" <> @annotator AND "ExpiresAt" > @now;""",
                    key) ?? 0;
                if (voteCount + reservedByOthers >= votesPerItem)
                {
                    return SubmitResult.Reject("Your reservation of this item expired and others now hold it; take the next item.");
                }
            }
            voteId = await sql.ScalarAsync<long?>("""
                INSERT INTO "AnnotationVotes" ("ItemId", "AnnotatorId", "Label", "RubricJson", "Unsure", "Comment", "GuidelineVersion",
                    "ActiveMilliseconds", "CreatedAt", "UpdatedAt")
                VALUES (@item, @annotator, @label, @rubric, @unsure, @comment, @guideline, @ms, @now, @now)
                RETURNING "Id";
                """, values) ?? throw new InvalidOperationException("The vote was not stored.");
            await sql.ExecuteAsync("""UPDATE "AnnotationItems" SET "VoteCount" = "VoteCount" + 1 WHERE "Id" = @item;""", key);
            await sql.ExecuteAsync("""DELETE FROM "AnnotationReservations" WHERE "ItemId" = @item AND "AnnotatorId" = @annotator;""", key);
            voteCount++;
            outcome = SubmitStatus.Created;
        }

        var @new = new VoteSnapshot(vote.Label, vote.RubricJson, vote.Unsure, vote.Comment, vote.GuidelineVersion,
            (old?.ActiveMilliseconds ?? 0) + activeMilliseconds);
        await sql.ExecuteAsync("""
            INSERT INTO "AnnotationVoteHistory" ("VoteId", "ItemId", "AnnotatorId", "ChangedAt", "OldValueJson", "NewValueJson")
            VALUES (@vote, @item, @annotator, @now, @old, @new);
            """, [.. key, ("@vote", voteId), ("@old", old?.ToJson()), ("@new", @new.ToJson())]);

        if (voteCount >= votesPerItem)
        {
            await SettleAsync(sql, vote.ItemId, datasetId, task, vote.Now, cancellationToken);
        }
        return new SubmitResult(outcome);
    }

    /// <summary>Ends the caller's reservation of an item (the statement of <see cref="ReleaseAsync"/>).</summary>
    private static Task<int> ReleaseInAsync(QueueCommands sql, long itemId, string annotatorId) =>
        sql.ExecuteAsync("""DELETE FROM "AnnotationReservations" WHERE "ItemId" = @item AND "AnnotatorId" = @annotator;""",
            ("@item", itemId), ("@annotator", annotatorId));

    /// <summary>
    /// Settles or disputes an item that has all its votes (see <see cref="Settlement"/>, with the
    /// dataset's majority option), and records a change of its gold label.
    /// </summary>
    private static async Task SettleAsync(QueueCommands sql, long itemId, int datasetId, AnnotationTaskType task, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var votes = new List<SettlementVote>();
        await using (var reader = await sql.ReaderAsync(
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
        var acceptMajority = await sql.ScalarAsync<bool?>(
            """SELECT "AcceptMajority" FROM "AnnotationSettings" WHERE "DatasetId" = @dataset;""", ("@dataset", datasetId)) ?? false;
        var old = await ReadGoldAsync(sql, itemId, cancellationToken);
        var decision = Settlement.Decide(task, votes, acceptMajority);
        var @new = new GoldState(decision.Status, decision.GoldLabel, decision.GoldRubricJson, decision.Kind);
        (string, object?)[] key = [("@item", itemId)];
        await sql.ExecuteAsync("""
            UPDATE "AnnotationItems" SET "Status" = @status, "GoldLabel" = @gold, "GoldRubricJson" = @goldRubric,
                "SettledAt" = @settledAt, "SettledById" = NULL, "SettlementKind" = @kind
            WHERE "Id" = @item;
            """,
            [.. key, ("@status", @new.Status.ToString()), ("@gold", QueueCommands.Text(@new.Label)), ("@goldRubric", @new.RubricJson),
             ("@settledAt", @new.Status == AnnotationItemStatus.Settled ? sql.Dialect.Instant(now) : null), ("@kind", QueueCommands.Text(@new.Kind))]);
        await sql.ExecuteAsync("""DELETE FROM "AnnotationReservations" WHERE "ItemId" = @item;""", key);
        await GoldHistory.AppendAsync(sql, new GoldChange(itemId, datasetId, now, null, old, @new));
    }

    private static async Task<GoldState> ReadGoldAsync(QueueCommands sql, long itemId, CancellationToken cancellationToken)
    {
        await using var reader = await sql.ReaderAsync(
            """SELECT "Status", "GoldLabel", "GoldRubricJson", "SettlementKind" FROM "AnnotationItems" WHERE "Id" = @item;""",
            ("@item", itemId));
        await reader.ReadAsync(cancellationToken);
        return new GoldState(
            Enum.Parse<AnnotationItemStatus>(reader.GetString(0)),
            reader.IsDBNull(1) ? null : Enum.Parse<QueryLabel>(reader.GetString(1)),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : Enum.Parse<SettlementKind>(reader.GetString(3)));
    }

    private static async Task<long?> PickAsync(QueueCommands sql, string filter, (string, object?)[] args)
    {
        const string servable = """
            AND i."VoteCount" + (SELECT COUNT(*) FROM "AnnotationReservations" r
                                 WHERE r."ItemId" = i."Id" AND r."ExpiresAt" > @now AND r."AnnotatorId" <> @annotator) < @votes
            """;
        return await sql.ScalarAsync<long?>(
                   $"""SELECT i."Id" FROM "AnnotationItems" i WHERE {filter} AND i."VoteCount" > 0 {servable} ORDER BY i."Ordinal" LIMIT 1;""", args)
               ?? await sql.ScalarAsync<long?>(
                   $"""SELECT i."Id" FROM "AnnotationItems" i WHERE {filter} AND i."VoteCount" = 0 {servable} ORDER BY i."Ordinal" LIMIT 1;""", args);
    }

    /// <summary>
    /// Creates the dataset's missing items (one per query and task type; response review only
    /// where responses exist) and returns how many. The NOT EXISTS guard (exact under the write
    /// lock) means nothing is inserted, and no id is drawn, when nothing is missing.
    /// </summary>
    private static async Task<int> CreateMissingItemsAsync(QueueCommands sql, int datasetId)
    {
        var created = 0;
        foreach (var (task, onlyWithResponses) in new[] { (AnnotationTaskType.QueryLabel, false), (AnnotationTaskType.ResponseReview, true) })
        {
            created += await sql.ExecuteAsync($"""
                INSERT INTO "AnnotationItems" ("DatasetId", "QueryId", "TaskType", "Ordinal", "CategoryId", "Status", "VoteCount")
                SELECT q."DatasetId", q."Id", @task, q."Ordinal", q."CategoryId", 'Open', 0
                FROM "Queries" q WHERE q."DatasetId" = @dataset {(onlyWithResponses ? """AND q."HasResponses" = TRUE""" : "")}
                AND NOT EXISTS (SELECT 1 FROM "AnnotationItems" x WHERE x."QueryId" = q."Id" AND x."TaskType" = @task)
                ORDER BY q."Ordinal";
                """, ("@dataset", datasetId), ("@task", task.ToString()));
        }
        return created;
    }

    /// <summary>
    /// The dataset's N and reservation time, and whether an allow-list exists without the caller
    /// on it: one statement, inside the transaction.
    /// </summary>
    private static async Task<(int VotesPerItem, int ReservationMinutes, bool CallerExcluded)> ReadQueueSettingsAsync(
        QueueCommands sql, int datasetId, string annotatorId, CancellationToken cancellationToken)
    {
        await using var reader = await sql.ReaderAsync("""
            SELECT s."VotesPerItem", s."ReservationMinutes",
                EXISTS (SELECT 1 FROM "AnnotationAllowedAnnotators" a WHERE a."DatasetId" = s."DatasetId")
                AND NOT EXISTS (SELECT 1 FROM "AnnotationAllowedAnnotators" a WHERE a."DatasetId" = s."DatasetId" AND a."UserId" = @annotator)
            FROM "AnnotationSettings" s WHERE s."DatasetId" = @dataset;
            """, ("@dataset", datasetId), ("@annotator", annotatorId));
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetInt32(0), reader.GetInt32(1), reader.GetBoolean(2))
            : (AnnotationSettings.DefaultVotesPerItem, AnnotationSettings.DefaultReservationMinutes, false);
    }

    /// <summary>The dataset an item belongs to (null when there is no such item).</summary>
    private async Task<int?> DatasetOfAsync(long itemId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AnnotationItems.Where(i => i.Id == itemId).Select(i => (int?)i.DatasetId).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> in one transaction on a connection of its own, holding the dialect's write lock.</summary>
    private async Task<T> WriteAsync<T>(int datasetId, Func<QueueCommands, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        return await dialect.WriteAsync(connection, datasetId, transaction => work(new QueueCommands(connection, transaction, dialect)),
            cancellationToken);
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
