namespace FalseReject.Web.Features.Datasets;

/// <summary>A dataset as the datasets page, <c>GET /api/datasets</c> and <c>datasets list</c> show it.</summary>
public sealed record DatasetSummary(
    int Id,
    string Name,
    string? Description,
    string? Source,
    DateTimeOffset CreatedAt,
    string? CreatedBy,
    int QueryCount,
    int WithResponsesCount,
    IReadOnlyList<CategoryCount> Categories);
