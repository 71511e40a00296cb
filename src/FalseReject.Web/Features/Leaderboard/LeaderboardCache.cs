using System.Collections.Concurrent;

namespace FalseReject.Web.Features.Leaderboard;

/// <summary>
/// The per-dataset leaderboard data (per-run and per-category counts), computed once and kept
/// until a run of that dataset is imported, deleted or overridden.
/// </summary>
public sealed class LeaderboardCache
{
    private readonly ConcurrentDictionary<int, object> _entries = new();

    public T GetOrAdd<T>(int datasetId, Func<int, T> factory) where T : class =>
        (T)_entries.GetOrAdd(datasetId, id => factory(id));

    public bool TryGet<T>(int datasetId, out T? value) where T : class
    {
        var found = _entries.TryGetValue(datasetId, out var entry);
        value = entry as T;
        return found && value is not null;
    }

    public void Set<T>(int datasetId, T value) where T : class => _entries[datasetId] = value;

    public void Invalidate(int datasetId) => _entries.TryRemove(datasetId, out _);

    public void Clear() => _entries.Clear();
}
