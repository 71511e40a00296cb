using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Security;

namespace FalseReject.Web.Features.Datasets;

/// <summary>
/// Read side of a dataset's queries: server-side pages of them (sort, category and response
/// filters, prompt search) and one query's detail (the datasets themselves: <see cref="DatasetService"/>). Every call re-checks the Research policy; each opens one context from the factory.
/// </summary>
public sealed class QueryBrowseService(
    IDbContextFactory<AppDbContext> dbFactory,
    ICurrentCaller caller)
{
    /// <summary>The dataset's name, or null when there is no such dataset.</summary>
    public async Task<string?> GetDatasetNameAsync(int datasetId, CancellationToken cancellationToken = default)
    {
        await caller.RequireAsync(Policies.Research, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Datasets.AsNoTracking().Where(d => d.Id == datasetId).Select(d => d.Name).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The 46 categories, for the category filter.</summary>
    public async Task<IReadOnlyList<CategoryOption>> ListCategoriesAsync(CancellationToken cancellationToken = default)
    {
        await caller.RequireAsync(Policies.Research, cancellationToken);
        return CategoryOptions;
    }

    public async Task<QueryRowsPage> GetQueryPageAsync(QueryPageRequest request, CancellationToken cancellationToken = default)
    {
        await caller.RequireAsync(Policies.Research, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        var queries = db.Queries.AsNoTracking().Where(q => q.DatasetId == request.DatasetId);
        if (request.CategoryIds is { Count: > 0 } categoryIds)
        {
            var ids = categoryIds.Distinct().ToArray();
            queries = ids.Length == 1 ? queries.Where(q => q.CategoryId == ids[0]) : queries.Where(q => ids.Contains(q.CategoryId));
        }
        if (request.HasResponses is { } hasResponses)
        {
            queries = queries.Where(q => q.HasResponses == hasResponses);
        }
        if (PromptSearch.Apply(db, queries, request.Search) is { } searched)
        {
            queries = searched;
        }

        var total = await queries.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(request.PageSize, 1, QueryPageRequest.MaxPageSize);
        var page = Math.Max(0, request.Page);
        var rows = await Sorted(queries, request.Sort, request.Descending)
            .Skip(page * pageSize)
            .Take(pageSize)
            .Select(q => new { q.Id, q.Ordinal, q.CategoryId, q.Prompt, q.HasResponses })
            .ToListAsync(cancellationToken);

        return new QueryRowsPage(
            [.. rows.Select(q => new QueryRow(q.Id, q.Ordinal, q.CategoryId, CategoryName(q.CategoryId), q.Prompt, q.Prompt.Length, q.HasResponses))],
            total);
    }

    /// <summary>One query with its responses and metadata, or null when there is no such query.</summary>
    public async Task<QueryDetail?> GetQueryAsync(int queryId, CancellationToken cancellationToken = default)
    {
        await caller.RequireAsync(Policies.Research, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = await db.Queries.AsNoTracking()
            .Where(q => q.Id == queryId)
            .Select(q => new
            {
                q.Id,
                q.DatasetId,
                DatasetName = q.Dataset!.Name,
                DatasetSource = q.Dataset.Source,
                q.Ordinal,
                q.Prompt,
                q.CategoryId,
                q.InstructResponse,
                q.CotReasoning,
                q.CotSolution,
                q.MetadataJson,
                q.SourceLine,
            })
            .FirstOrDefaultAsync(cancellationToken);
        return query is null ? null : new QueryDetail(
            query.Id, query.DatasetId, query.DatasetName, query.DatasetSource, query.Ordinal, query.Prompt,
            query.CategoryId, CategoryName(query.CategoryId),
            query.InstructResponse, query.CotReasoning, query.CotSolution,
            PrettyJson(query.MetadataJson), query.SourceLine);
    }

    private static IQueryable<Query> Sorted(IQueryable<Query> queries, QuerySort sort, bool descending) => (sort, descending) switch
    {
        // Ordinal last in every order, so that pages are stable.
        (QuerySort.Category, false) => queries.OrderBy(q => q.CategoryId).ThenBy(q => q.Ordinal),
        (QuerySort.Category, true) => queries.OrderByDescending(q => q.CategoryId).ThenBy(q => q.Ordinal),
        (QuerySort.Prompt, false) => queries.OrderBy(q => q.Prompt).ThenBy(q => q.Ordinal),
        (QuerySort.Prompt, true) => queries.OrderByDescending(q => q.Prompt).ThenBy(q => q.Ordinal),
        (QuerySort.PromptLength, false) => queries.OrderBy(q => q.Prompt.Length).ThenBy(q => q.Ordinal),
        (QuerySort.PromptLength, true) => queries.OrderByDescending(q => q.Prompt.Length).ThenBy(q => q.Ordinal),
        (QuerySort.HasResponses, false) => queries.OrderBy(q => q.HasResponses).ThenBy(q => q.Ordinal),
        (QuerySort.HasResponses, true) => queries.OrderByDescending(q => q.HasResponses).ThenBy(q => q.Ordinal),
        (_, true) => queries.OrderByDescending(q => q.Ordinal),
        _ => queries.OrderBy(q => q.Ordinal),
    };

    private static readonly IReadOnlyList<CategoryOption> CategoryOptions =
        [.. Enumerable.Range(CategoryCatalog.MinId, CategoryCatalog.MaxId - CategoryCatalog.MinId + 1).Select(id => new CategoryOption(id, CategoryName(id)))];

    /// <summary>A category's name; an id outside the 46 (a hand-edited store) shows as "Category N".</summary>
    internal static string CategoryName(int id) => CategoryCatalog.IsValidId(id) ? CategoryCatalog.NameOf(id) : $"Category {id}";

    /// <summary>Indented JSON for display; the stored text verbatim when it does not parse.</summary>
    internal static string? PrettyJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement, IndentedJson);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static readonly JsonSerializerOptions IndentedJson = new()
    {
        WriteIndented = true,
        // Shown as text (Blazor encodes it): keep non-ASCII prompts' characters readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>
/// Full-text search over prompts. On SQLite it uses the FTS5 index <c>QueryPromptSearch</c>
/// (created by the QueryPromptSearch migration): every word of the search must occur in the
/// prompt, as a word or a word prefix ("harm" finds "harmful"), case- and accent-insensitive.
/// Other providers fall back to a case-insensitive substring test per word (correct, not indexed).
/// </summary>
internal static class PromptSearch
{
    /// <summary>The words of <paramref name="search"/>, as FTS5 and LIKE see them (letters and digits).</summary>
    internal static IReadOnlyList<string> Words(string? search)
    {
        if (string.IsNullOrWhiteSpace(search))
        {
            return [];
        }
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in search)
        {
            if (char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }
        return words.Distinct(StringComparer.OrdinalIgnoreCase).Take(16).ToList();
    }

    /// <summary>An FTS5 MATCH expression: each word a quoted prefix term, all required. User text never becomes FTS5 syntax.</summary>
    internal static string MatchExpression(IReadOnlyList<string> words) =>
        string.Join(" AND ", words.Select(w => $"\"{w.Replace("\"", "\"\"", StringComparison.Ordinal)}\"*"));

    /// <summary><paramref name="queries"/> narrowed to prompts matching <paramref name="search"/>; null when the search has no words.</summary>
    internal static IQueryable<Query>? Apply(AppDbContext db, IQueryable<Query> queries, string? search)
    {
        var words = Words(search);
        if (words.Count == 0)
        {
            return null;
        }
        if (db.Database.IsSqlite())
        {
            var match = MatchExpression(words);
            var ids = db.Database.SqlQuery<int>($"""SELECT rowid AS "Value" FROM "QueryPromptSearch" WHERE "QueryPromptSearch" MATCH {match}""");
            return queries.Where(q => ids.Contains(q.Id));
        }
        // Other providers (PostgreSQL until it gets its own index): a case-insensitive substring per word.
        foreach (var word in words.Select(w => w.ToLowerInvariant()))
        {
            queries = queries.Where(q => q.Prompt.ToLower().Contains(word));
        }
        return queries;
    }
}
