namespace FalseReject.Web.Features.Datasets;

/// <summary>How many queries of a dataset fall in one category.</summary>
public sealed record CategoryCount(int CategoryId, string CategoryName, int Count);

/// <summary>A category id and name, for filters.</summary>
public sealed record CategoryOption(int Id, string Name);

/// <summary>The columns the queries grid sorts by.</summary>
public enum QuerySort
{
    Ordinal,
    Category,
    Prompt,
    PromptLength,
    HasResponses,
}

/// <summary>
/// What the queries grid asks for: a page (0-based) of a dataset's queries, sorted, filtered by
/// categories (any of them; empty means all) and by whether responses exist, and searched.
/// </summary>
public sealed record QueryPageRequest(
    int DatasetId,
    int Page = 0,
    int PageSize = 25,
    QuerySort Sort = QuerySort.Ordinal,
    bool Descending = false,
    IReadOnlyCollection<int>? CategoryIds = null,
    bool? HasResponses = null,
    string? Search = null)
{
    public const int MaxPageSize = 200;
}

/// <summary>One row of the queries grid.</summary>
public sealed record QueryRow(
    int Id,
    int Ordinal,
    int CategoryId,
    string CategoryName,
    string Prompt,
    int PromptLength,
    bool HasResponses);

/// <summary>A page of rows and the number of rows matching the filters in all pages.</summary>
public sealed record QueryRowsPage(IReadOnlyList<QueryRow> Rows, int TotalCount);

/// <summary>Everything the query page shows about one query.</summary>
public sealed record QueryDetail(
    int Id,
    int DatasetId,
    string DatasetName,
    string? DatasetSource,
    int Ordinal,
    string Prompt,
    int CategoryId,
    string CategoryName,
    string? InstructResponse,
    string? CotReasoning,
    string? CotSolution,
    string? MetadataJson,
    int SourceLine);
