namespace FalseReject.Web.Statistics;

/// <summary>
/// Ranks with ties the way Chatbot Arena does: rank(i) = 1 + the number of entries whose interval
/// lies entirely above i's (Low_j &gt; High_i). Entries whose intervals overlap share ranks, ranks
/// need not be consecutive, and the best entry is always 1. Works for any metric where higher is
/// better (Compliance Rate, USR); for lower-is-better metrics rank the negated intervals.
/// O(n log n): the lower bounds are sorted once and each entry is a binary search.
/// </summary>
public static class Ranking
{
    public static int[] Rank(ReadOnlySpan<Interval> intervals)
    {
        var lows = new double[intervals.Length];
        for (int i = 0; i < intervals.Length; i++)
        {
            lows[i] = intervals[i].Low;
        }
        Array.Sort(lows);

        var ranks = new int[intervals.Length];
        for (int i = 0; i < intervals.Length; i++)
        {
            ranks[i] = 1 + CountAbove(lows, intervals[i].High);
        }
        return ranks;
    }

    /// <summary>
    /// As <see cref="Rank(ReadOnlySpan{Interval})"/>, for entries that may have no interval
    /// (a run with N = 0): those get no rank (null) and do not count against the others.
    /// </summary>
    public static int?[] Rank(IReadOnlyList<Interval?> intervals)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        var lows = new List<double>(intervals.Count);
        foreach (var interval in intervals)
        {
            if (interval is { } value)
            {
                lows.Add(value.Low);
            }
        }
        var sorted = lows.ToArray();
        Array.Sort(sorted);

        var ranks = new int?[intervals.Count];
        for (int i = 0; i < intervals.Count; i++)
        {
            ranks[i] = intervals[i] is { } value ? 1 + CountAbove(sorted, value.High) : null;
        }
        return ranks;
    }

    // The number of sorted values strictly greater than the threshold.
    private static int CountAbove(double[] sortedAscending, double threshold)
    {
        int lo = 0, hi = sortedAscending.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sortedAscending[mid] > threshold)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }
        return sortedAscending.Length - lo;
    }
}
