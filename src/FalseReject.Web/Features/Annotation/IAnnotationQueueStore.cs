using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Features.Annotation;

/// <summary>A request for the caller's next item.</summary>
public sealed record QueueRequest(
    int DatasetId,
    AnnotationTaskType Task,
    string AnnotatorId,
    int? CategoryId,
    IReadOnlyCollection<int> Excluded,
    DateTimeOffset Now);

/// <summary>A vote to create or change, already validated by the service.</summary>
public sealed record VoteWrite(
    int ItemId,
    string AnnotatorId,
    QueryLabel? Label,
    string? RubricJson,
    bool Unsure,
    string? Comment,
    int? GuidelineVersion,
    long ActiveMilliseconds,
    DateTimeOffset Now);

/// <summary>
/// The queue's writes, which must be exact under concurrency: reserving the next item, releasing
/// it, and submitting a vote. Each runs as one serialized transaction on the store. The
/// provider-specific SQL lives behind this interface (SQLite now; Postgres later).
/// </summary>
public interface IAnnotationQueueStore
{
    /// <summary>Creates the missing items of a dataset (one per query and task type; response review only where responses exist).</summary>
    Task EnsureItemsAsync(int datasetId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reserves and returns the caller's next item, or null when nothing is left for them. A live
    /// reservation the caller already holds (matching the request) is returned again. Throws
    /// <see cref="UnauthorizedAccessException"/> when the dataset has an allow-list without the
    /// caller (checked in the reserving transaction itself, so the hot path needs no extra round trip).
    /// </summary>
    Task<int?> ReserveNextAsync(QueueRequest request, CancellationToken cancellationToken = default);

    /// <summary>Gives up the caller's reservation of an item (skip).</summary>
    Task ReleaseAsync(int itemId, string annotatorId, CancellationToken cancellationToken = default);

    /// <summary>Creates or changes the caller's vote, records the history, and settles or disputes a fully voted item.</summary>
    Task<SubmitResult> SubmitAsync(VoteWrite vote, CancellationToken cancellationToken = default);
}
