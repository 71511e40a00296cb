using System.Collections.Concurrent;

namespace FalseReject.Web.Features.Leaderboard;

/// <summary>
/// Per-dataset leaderboard data (per-run and per-category metrics), kept with the database change stamp it
/// was computed under (<see cref="Data.DatasetChangeStamps"/>). Each request reads the current stamps and
/// recomputes an entry whose stamp moved, so a run imported, overridden or deleted by any process (server,
/// CLI, another instance) shows at the next request. Key 0 holds the dataset list. The stamp is read before
/// loading, so a change that lands during a load only makes the next request load again.
/// </summary>
public sealed class LeaderboardCache
{
    public const int DatasetListKey = 0;

    private readonly ConcurrentDictionary<int, (string Stamp, object Value)> _entries = new();

    public async Task<T> GetOrLoadAsync<T>(int key, string stamp, Func<Task<T>> load) where T : class
    {
        if (_entries.TryGetValue(key, out var cached) && cached.Stamp == stamp && cached.Value is T hit)
        {
            return hit;
        }
        var value = await load();
        _entries[key] = (stamp, value);
        return value;
    }

    /// <summary>Forgets every entry (the cold-cache benchmark).</summary>
    public void Clear() => _entries.Clear();
}
