using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;
using FalseReject.Web.Rendering;
using FalseReject.Web.Security;

namespace FalseReject.Web.Tests.Annotation;

/// <summary>The labeling page against the real service and queue on a temp SQLite store, with the store's calls recorded.</summary>
public sealed class AnnotatePageTests : MudBunitContext, IAsyncLifetime
{
    private readonly List<string> _storeCalls = [];
    private AnnotationTestBed _bed = null!;

    public async Task InitializeAsync()
    {
        _bed = await AnnotationTestBed.StartAsync();
        Services.AddSafeMarkdown();
        Services.AddSingleton<TimeProvider>(_bed.Clock);
    }

    async Task IAsyncLifetime.DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task EachKeyPress_IsOneQueueTransaction_ThatAlsoBringsTheNextItemAndTheProgress()
    {
        var dataset = await _bed.AddDatasetAsync(3, settings: new AnnotationSettings { VotesPerItem = 1 });
        var me = await _bed.AddUserAsync("ann@tests.falsereject.local");
        Services.AddSingleton(_bed.ServiceFor(me, "ann@tests.falsereject.local", new RecordingStore(_bed.Store, _storeCalls), Roles.Annotator));
        var cut = Render<AnnotatePage>(p => p.Add(c => c.DatasetId, dataset));
        cut.WaitForAssertion(() => Assert.Contains("(query 0)", cut.Find("[data-testid=prompt]").TextContent));
        Assert.Contains("Your votes: 0 of 3", cut.Find("[data-testid=my-progress]").TextContent);
        _storeCalls.Clear();

        cut.Find("[data-testid=labeling-root]").KeyDown(new KeyboardEventArgs { Key = "s" });
        cut.Find("[data-testid=labeling-root]").KeyDown(new KeyboardEventArgs { Key = "Enter" });
        cut.WaitForAssertion(() => Assert.Contains("(query 1)", cut.Find("[data-testid=prompt]").TextContent));
        Assert.Equal([nameof(IAnnotationQueueStore.SubmitAndReserveNextAsync)], _storeCalls);
        Assert.Contains("Your votes: 1 of 3", cut.Find("[data-testid=my-progress]").TextContent);
        Assert.Matches(@"Dataset: 33\s?% of 3 items", cut.Find("[data-testid=dataset-progress]").TextContent);
        _storeCalls.Clear();

        cut.Find("[data-testid=labeling-root]").KeyDown(new KeyboardEventArgs { Key = "k" });
        cut.WaitForAssertion(() => Assert.Contains("(query 2)", cut.Find("[data-testid=prompt]").TextContent));
        Assert.Equal([nameof(IAnnotationQueueStore.ReleaseAndReserveNextAsync)], _storeCalls);
    }

    /// <summary>The real store, with the name of every call written down.</summary>
    private sealed class RecordingStore(IAnnotationQueueStore inner, List<string> calls) : IAnnotationQueueStore
    {
        public Task EnsureItemsAsync(int datasetId, CancellationToken cancellationToken = default) =>
            Record(nameof(EnsureItemsAsync), inner.EnsureItemsAsync(datasetId, cancellationToken));

        public Task<long?> ReserveNextAsync(QueueRequest request, CancellationToken cancellationToken = default) =>
            Record(nameof(ReserveNextAsync), inner.ReserveNextAsync(request, cancellationToken));

        public Task ReleaseAsync(long itemId, string annotatorId, CancellationToken cancellationToken = default) =>
            Record(nameof(ReleaseAsync), inner.ReleaseAsync(itemId, annotatorId, cancellationToken));

        public Task<SubmitResult> SubmitAsync(VoteWrite vote, CancellationToken cancellationToken = default) =>
            Record(nameof(SubmitAsync), inner.SubmitAsync(vote, cancellationToken));

        public Task<(SubmitResult Result, long? Next)> SubmitAndReserveNextAsync(VoteWrite vote, QueueRequest next,
            CancellationToken cancellationToken = default) =>
            Record(nameof(SubmitAndReserveNextAsync), inner.SubmitAndReserveNextAsync(vote, next, cancellationToken));

        public Task<long?> ReleaseAndReserveNextAsync(long itemId, QueueRequest next, CancellationToken cancellationToken = default) =>
            Record(nameof(ReleaseAndReserveNextAsync), inner.ReleaseAndReserveNextAsync(itemId, next, cancellationToken));

        public Task<string?> AdjudicateAsync(AdjudicationWrite decision, CancellationToken cancellationToken = default) =>
            Record(nameof(AdjudicateAsync), inner.AdjudicateAsync(decision, cancellationToken));

        private T Record<T>(string name, T call)
        {
            lock (calls)
            {
                calls.Add(name);
            }
            return call;
        }
    }
}
