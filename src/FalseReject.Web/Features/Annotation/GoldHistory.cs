using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Features.Annotation;

/// <summary>An item's gold label as GoldLabelHistory records it, before or after a change.</summary>
internal sealed record GoldState(AnnotationItemStatus Status, QueryLabel? Label, string? RubricJson, SettlementKind? Kind);

/// <summary>One change of an item's gold label: by automatic settlement (no reviewer) or by a reviewer's decision.</summary>
internal sealed record GoldChange(
    long ItemId,
    int DatasetId,
    DateTimeOffset At,
    string? ById,
    GoldState Old,
    GoldState New,
    AdjudicationReason? Reason = null,
    AdjudicationConfidence? Confidence = null,
    string? Note = null);

/// <summary>
/// The one writer of GoldLabelHistory, used by settlement and adjudication inside the queue's
/// write transaction. A settlement that leaves the gold label, rubric and kind as they were (a
/// dispute staying a dispute) is not a change; a reviewer's decision always is (re-adjudication
/// with the same label still records who decided, why and when).
/// </summary>
internal static class GoldHistory
{
    public static async Task AppendAsync(QueueCommands sql, GoldChange change)
    {
        var (old, @new) = (change.Old, change.New);
        var unchanged = old.Label == @new.Label && old.RubricJson == @new.RubricJson && old.Kind == @new.Kind;
        if (unchanged && change.ById is null)
        {
            return;
        }
        await sql.ExecuteAsync("""
            INSERT INTO "GoldLabelHistory" ("ItemId", "DatasetId", "ChangedAt", "ChangedById", "OldStatus", "NewStatus", "OldLabel", "NewLabel",
                "OldRubricJson", "NewRubricJson", "OldKind", "NewKind", "Reason", "Confidence", "Note")
            VALUES (@item, @dataset, @at, @by, @oldStatus, @newStatus, @oldLabel, @newLabel, @oldRubric, @newRubric, @oldKind, @newKind,
                @reason, @confidence, @note);
            """,
            ("@item", change.ItemId), ("@dataset", change.DatasetId), ("@at", sql.Dialect.Instant(change.At)), ("@by", change.ById),
            ("@oldStatus", old.Status.ToString()), ("@newStatus", @new.Status.ToString()),
            ("@oldLabel", QueueCommands.Text(old.Label)), ("@newLabel", QueueCommands.Text(@new.Label)),
            ("@oldRubric", old.RubricJson), ("@newRubric", @new.RubricJson),
            ("@oldKind", QueueCommands.Text(old.Kind)), ("@newKind", QueueCommands.Text(@new.Kind)),
            ("@reason", QueueCommands.Text(change.Reason)), ("@confidence", QueueCommands.Text(change.Confidence)), ("@note", change.Note));
    }
}
