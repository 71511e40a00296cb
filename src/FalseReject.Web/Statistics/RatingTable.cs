namespace FalseReject.Web.Statistics;

/// <summary>
/// Nominal ratings as an items × raters matrix, built once and shared by every agreement
/// statistic. Labels are stored as compact category indices (0..<see cref="CategoryCount"/>−1) in
/// one flat item-major <c>int[]</c>, with <see cref="Missing"/> where a rater gave no label; the
/// original label ids are kept in ascending order in <see cref="CategoryLabels"/>.
/// Build it with <see cref="RatingTableBuilder{TItem, TRater}"/> from (item, rater, label) votes,
/// or with <see cref="FromMatrix"/> / <see cref="FromRaterColumns"/>.
/// </summary>
public sealed class RatingTable
{
    public const int Missing = -1;

    private readonly int[] _cells;
    private readonly int[] _categoryLabels;

    private RatingTable(int itemCount, int raterCount, int[] cells, int[] categoryLabels)
    {
        ItemCount = itemCount;
        RaterCount = raterCount;
        _cells = cells;
        _categoryLabels = categoryLabels;
    }

    public int ItemCount { get; }

    public int RaterCount { get; }

    public int CategoryCount => _categoryLabels.Length;

    /// <summary>The original label id of each category index, ascending.</summary>
    public ReadOnlySpan<int> CategoryLabels => _categoryLabels;

    /// <summary>The category index rater <paramref name="rater"/> gave item <paramref name="item"/>, or <see cref="Missing"/>.</summary>
    public int this[int item, int rater] => _cells[(item * RaterCount) + rater];

    /// <summary>One item's row: a category index (or <see cref="Missing"/>) per rater.</summary>
    public ReadOnlySpan<int> Row(int item) => _cells.AsSpan(item * RaterCount, RaterCount);

    /// <summary>The original label rater gave item, or null.</summary>
    public int? LabelAt(int item, int rater) => this[item, rater] is var c and >= 0 ? _categoryLabels[c] : null;

    /// <summary>The category index of an original label id, or −1 when no vote used it.</summary>
    public int CategoryIndexOf(int label) => Array.BinarySearch(_categoryLabels, label) is var i and >= 0 ? i : -1;

    /// <summary>The number of labels given (cells that are not missing).</summary>
    public int RatingCount
    {
        get
        {
            int count = 0;
            foreach (int cell in _cells)
            {
                if (cell != Missing)
                {
                    count++;
                }
            }
            return count;
        }
    }

    /// <summary>
    /// A table with only the given items (e.g. one category's queries), same raters and categories,
    /// in the order given. Item indices may repeat.
    /// </summary>
    public RatingTable SelectItems(ReadOnlySpan<int> itemIndices)
    {
        var cells = new int[itemIndices.Length * RaterCount];
        for (int i = 0; i < itemIndices.Length; i++)
        {
            int item = itemIndices[i];
            ArgumentOutOfRangeException.ThrowIfNegative(item, nameof(itemIndices));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(item, ItemCount, nameof(itemIndices));
            Row(item).CopyTo(cells.AsSpan(i * RaterCount, RaterCount));
        }
        return new RatingTable(itemIndices.Length, RaterCount, cells, _categoryLabels);
    }

    /// <summary>Per-item label counts (items × categories), the input of Fleiss' κ and Krippendorff's α.</summary>
    public ItemCategoryCounts CountByItem()
    {
        int k = CategoryCount;
        var counts = new int[ItemCount * k];
        for (int item = 0; item < ItemCount; item++)
        {
            var row = Row(item);
            var target = counts.AsSpan(item * k, k);
            foreach (int c in row)
            {
                if (c != Missing)
                {
                    target[c]++;
                }
            }
        }
        return new ItemCategoryCounts(ItemCount, k, counts);
    }

    /// <summary>A table from an items × raters matrix of labels (null = no label).</summary>
    public static RatingTable FromMatrix(int?[,] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        int items = labels.GetLength(0), raters = labels.GetLength(1);
        var flat = new int?[items * raters];
        for (int i = 0; i < items; i++)
        {
            for (int r = 0; r < raters; r++)
            {
                flat[(i * raters) + r] = labels[i, r];
            }
        }
        return FromFlat(items, raters, flat);
    }

    /// <summary>A table from one label array per rater, each over the same items (null = no label).</summary>
    public static RatingTable FromRaterColumns(IReadOnlyList<int?[]> raters)
    {
        ArgumentNullException.ThrowIfNull(raters);
        int items = raters.Count == 0 ? 0 : raters[0].Length;
        var flat = new int?[items * raters.Count];
        for (int r = 0; r < raters.Count; r++)
        {
            if (raters[r].Length != items)
            {
                throw new ArgumentException($"Rater {r} has {raters[r].Length} labels; rater 0 has {items}.", nameof(raters));
            }
            for (int i = 0; i < items; i++)
            {
                flat[(i * raters.Count) + r] = raters[r][i];
            }
        }
        return FromFlat(items, raters.Count, flat);
    }

    internal static RatingTable FromFlat(int items, int raters, ReadOnlySpan<int?> flat)
    {
        var distinct = new SortedSet<int>();
        foreach (var label in flat)
        {
            if (label is { } l)
            {
                distinct.Add(l);
            }
        }
        var categoryLabels = new int[distinct.Count];
        distinct.CopyTo(categoryLabels);

        var cells = new int[flat.Length];
        for (int i = 0; i < flat.Length; i++)
        {
            cells[i] = flat[i] is { } l ? Array.BinarySearch(categoryLabels, l) : Missing;
        }
        return new RatingTable(items, raters, cells, categoryLabels);
    }
}

/// <summary>
/// How many labels of each category every item received: <c>this[item, category]</c>, plus the
/// item's total. Build from a <see cref="RatingTable"/>, or directly from counts when only the
/// tallies are known (as in Fleiss 1971).
/// </summary>
public sealed class ItemCategoryCounts
{
    private readonly int[] _counts;
    private readonly int[] _totals;

    internal ItemCategoryCounts(int itemCount, int categoryCount, int[] counts)
    {
        ItemCount = itemCount;
        CategoryCount = categoryCount;
        _counts = counts;
        _totals = new int[itemCount];
        for (int item = 0; item < itemCount; item++)
        {
            int total = 0;
            foreach (int c in counts.AsSpan(item * categoryCount, categoryCount))
            {
                total += c;
            }
            _totals[item] = total;
        }
    }

    public int ItemCount { get; }

    public int CategoryCount { get; }

    public int this[int item, int category] => _counts[(item * CategoryCount) + category];

    /// <summary>One item's counts per category.</summary>
    public ReadOnlySpan<int> Row(int item) => _counts.AsSpan(item * CategoryCount, CategoryCount);

    /// <summary>How many labels the item received (m_i).</summary>
    public int RatingsOf(int item) => _totals[item];

    /// <summary>From an items × categories table of counts.</summary>
    public static ItemCategoryCounts FromCounts(int[,] counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        int items = counts.GetLength(0), k = counts.GetLength(1);
        var flat = new int[items * k];
        for (int i = 0; i < items; i++)
        {
            for (int c = 0; c < k; c++)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(counts[i, c], nameof(counts));
                flat[(i * k) + c] = counts[i, c];
            }
        }
        return new ItemCategoryCounts(items, k, flat);
    }
}

/// <summary>
/// Collects (item, rater, label) votes under any keys (query ids, user ids) and builds a
/// <see cref="RatingTable"/> whose row i is <see cref="Items"/>[i] and column r is <see cref="Raters"/>[r],
/// in first-seen order. An item or rater can be registered without votes.
/// </summary>
public sealed class RatingTableBuilder<TItem, TRater>
    where TItem : notnull
    where TRater : notnull
{
    private readonly Dictionary<TItem, int> _itemIndex = [];
    private readonly Dictionary<TRater, int> _raterIndex = [];
    private readonly List<TItem> _items = [];
    private readonly List<TRater> _raters = [];
    private readonly List<(int Item, int Rater, int Label)> _votes = [];

    public IReadOnlyList<TItem> Items => _items;

    public IReadOnlyList<TRater> Raters => _raters;

    public int ItemIndexOf(TItem item) => _itemIndex[item];

    public int RaterIndexOf(TRater rater) => _raterIndex[rater];

    public RatingTableBuilder<TItem, TRater> AddItem(TItem item)
    {
        IndexOf(_itemIndex, _items, item);
        return this;
    }

    public RatingTableBuilder<TItem, TRater> AddRater(TRater rater)
    {
        IndexOf(_raterIndex, _raters, rater);
        return this;
    }

    /// <summary>Records a vote; a null label registers the item and rater without one.</summary>
    public RatingTableBuilder<TItem, TRater> Add(TItem item, TRater rater, int? label)
    {
        int i = IndexOf(_itemIndex, _items, item);
        int r = IndexOf(_raterIndex, _raters, rater);
        if (label is { } l)
        {
            _votes.Add((i, r, l));
        }
        return this;
    }

    /// <exception cref="InvalidOperationException">A rater labeled the same item twice.</exception>
    public RatingTable Build()
    {
        int items = _items.Count, raters = _raters.Count;
        var flat = new int?[items * raters];
        foreach (var (item, rater, label) in _votes)
        {
            ref var cell = ref flat[(item * raters) + rater];
            if (cell is { } existing)
            {
                throw new InvalidOperationException(
                    $"Rater '{_raters[rater]}' labeled item '{_items[item]}' twice ({existing} and {label}); one label per rater per item.");
            }
            cell = label;
        }
        return RatingTable.FromFlat(items, raters, flat);
    }

    private static int IndexOf<T>(Dictionary<T, int> index, List<T> keys, T key)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!index.TryGetValue(key, out int i))
        {
            i = keys.Count;
            index.Add(key, i);
            keys.Add(key);
        }
        return i;
    }
}
