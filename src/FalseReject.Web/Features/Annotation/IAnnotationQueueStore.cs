using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Features.Annotation;

/// <summary>A request for the caller's next item.</summary>
public sealed record QueueRequest(
    int DatasetId,
    AnnotationTaskType Task,
    string AnnotatorId,
    int? CategoryId,
    IReadOnlyCollection<long> Excluded,
    DateTimeOffset Now);

/// <summary>A vote to create or change, already validated by the service.</summary>
public sealed record VoteWrite(
    long ItemId,
    string AnnotatorId,
    QueryLabel? Label,
    string? RubricJson,
    bool Unsure,
    string? Comment,
    int? GuidelineVersion,
    long ActiveMilliseconds,
    DateTimeOffset Now);

/// <summary>A reviewer's decision on an item, already validated by the review service.</summary>
public sealed record AdjudicationWrite(
    long ItemId,
    string ReviewerId,
    QueryLabel? Label,
    string? RubricJson,
    AdjudicationReason Reason,
    AdjudicationConfidence? Confidence,
    string? Note,
    DateTimeOffset Now);

/// <summary>
/// The queue's writes, which must be exact under concurrency: creating items, reserving the next
/// item, releasing it, submitting a vote, and a reviewer's decision. Each runs as one transaction
/// holding the store's write lock (<see cref="AnnotationQueueStore"/>).
/// </summary>
public interface IAnnotationQueueStore
{
    /// <summary>Creates the missing items of a dataset (one per query and task type; response review only where responses exist).</summary>
    Task EnsureItemsAsync(int datasetId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reserves and returns the caller's next item, or null when nothing is left for them (items of
    /// queries added since the dataset's items were made are created first). A live
    /// reservation the caller already holds (matching the request) is returned again. Throws
    /// <see cref="UnauthorizedAccessException"/> when the dataset has an allow-list without the
    /// caller (checked in the reserving transaction itself, so the hot path needs no extra round trip),
    /// and <see cref="KeyNotFoundException"/> when there is no such dataset.
    /// </summary>
    Task<long?> ReserveNextAsync(QueueRequest request, CancellationToken cancellationToken = default);

    /// <summary>Gives up the caller's reservation of an item (skip).</summary>
    Task ReleaseAsync(long itemId, string annotatorId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates or changes the caller's vote (changes only while the item still waits for votes),
    /// records the history, and settles or disputes an item that now has all its votes.
    /// </summary>
    Task<SubmitResult> SubmitAsync(VoteWrite vote, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="SubmitAsync"/>, then (when the vote is accepted) <see cref="ReserveNextAsync"/> for
    /// <paramref name="next"/>, a request of the same caller in the voted item's dataset: one
    /// transaction under one lock, so both happen or neither. A refused vote reserves nothing.
    /// </summary>
    Task<(SubmitResult Result, long? Next)> SubmitAndReserveNextAsync(VoteWrite vote, QueueRequest next,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="ReleaseAsync"/> of the caller's item (skip; nothing when it is no item of the
    /// request's dataset), then <see cref="ReserveNextAsync"/>: one transaction under one lock.
    /// </summary>
    Task<long?> ReleaseAndReserveNextAsync(long itemId, QueueRequest next, CancellationToken cancellationToken = default);

    /// <summary>
    /// Settles an item on a reviewer's decision and records it in the gold label history; returns
    /// the refusal (no such item, still collecting votes, or the reviewer voted on it), or null.
    /// </summary>
    Task<string?> AdjudicateAsync(AdjudicationWrite decision, CancellationToken cancellationToken = default);
}
