using System.Collections.Concurrent;

namespace FalseReject.Web.Features.Leaderboard;

/// <summary>
/// Per-dataset leaderboard data (per-run and per-category metrics), computed once and kept until a
/// run of that dataset is imported, deleted or overridden. Key 0 holds the dataset list. A value
/// computed while an invalidation happened is returned but not kept, so the cache never goes stale.
/// </summary>
public sealed class LeaderboardCache
{
    public const int DatasetListKey = 0;

    private readonly ConcurrentDictionary<int, object> _entries = new();
    private long _version;

    public async Task<T> GetOrLoadAsync<T>(int key, Func<Task<T>> load) where T : class
    {
        if (_entries.TryGetValue(key, out var cached) && cached is T hit)
        {
            return hit;
        }
        var version = Interlocked.Read(ref _version);
        var value = await load();
        lock (_entries)
        {
            if (Interlocked.Read(ref _version) == version)
            {
                _entries[key] = value;
            }
        }
        return value;
    }

    /// <summary>Drops a dataset's data and the dataset list (whose run counts change with it).</summary>
    public void Invalidate(int datasetId)
    {
        lock (_entries)
        {
            Interlocked.Increment(ref _version);
            _entries.TryRemove(datasetId, out _);
            _entries.TryRemove(DatasetListKey, out _);
        }
    }

    public void Clear()
    {
        lock (_entries)
        {
            Interlocked.Increment(ref _version);
            _entries.Clear();
        }
    }
}
