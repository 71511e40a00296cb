using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;
using FalseReject.Web.Features.Review;
using FalseReject.Web.Security;
using FalseReject.Web.Tests.Annotation;

namespace FalseReject.Web.Tests.Review;

/// <summary>Helpers over <see cref="AnnotationTestBed"/>: votes by item ordinal, and reviewers.</summary>
internal static class ReviewTestBed
{
    /// <summary>A reviewer account and the review service as that reviewer sees it.</summary>
    public static async Task<(string Id, ReviewService Service)> AddReviewerAsync(this AnnotationTestBed bed, string name, params string[] extraRoles)
    {
        var email = $"{name}@tests.falsereject.local";
        var id = await bed.AddUserAsync(email);
        return (id, bed.ReviewServiceFor(id, email, [Roles.Reviewer, .. extraRoles]));
    }

    public static ReviewService ReviewServiceFor(this AnnotationTestBed bed, string userId, string userName, params string[] roles) =>
        new(bed.DbFactory, bed.Store, new TestCaller(userId, userName, roles), bed.Clock);

    /// <summary>
    /// The annotator takes items from the queue and answers each with <paramref name="answer"/>
    /// (by the item's ordinal); a null answer skips the item.
    /// </summary>
    public static async Task VoteAsync(this AnnotationTestBed bed, AnnotationService annotator, int datasetId, Func<int, VoteInput?> answer,
        AnnotationTaskType task = AnnotationTaskType.QueryLabel)
    {
        var ordinals = (await bed.ItemsAsync(datasetId, task)).ToDictionary(i => i.Id, i => i.Ordinal);
        var skipped = new List<long>();
        while (await annotator.NextAsync(datasetId, task, null, skipped) is { } item)
        {
            if (answer(ordinals[item.ItemId]) is { } vote)
            {
                var result = await annotator.SubmitAsync(item.ItemId, vote);
                Assert.True(result.Succeeded, result.Error);
            }
            else
            {
                skipped.Add(item.ItemId);
                await annotator.SkipAsync(item.ItemId);
            }
        }
    }

    public static VoteInput? Label(string labels, int ordinal) => ordinal < labels.Length
        ? labels[ordinal] switch
        {
            'S' => AnnotationTestBed.Safe(),
            's' => AnnotationTestBed.Safe(unsure: true),
            'U' => AnnotationTestBed.Unsafe(),
            'u' => AnnotationTestBed.Unsafe(unsure: true),
            _ => null,
        }
        : null;

    public static AdjudicationInput Decide(QueryLabel label, AdjudicationReason reason = AdjudicationReason.AnnotatorError,
        AdjudicationConfidence confidence = AdjudicationConfidence.High, string? note = null) =>
        new(label, null, confidence, reason, note);
}
