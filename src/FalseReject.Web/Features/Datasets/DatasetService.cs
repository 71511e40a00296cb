using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Security;

namespace FalseReject.Web.Features.Datasets;

/// <summary>
/// Lists datasets with their row counts. The caller must satisfy the Research policy: the
/// overloads without a principal ask the <see cref="AuthenticationStateProvider"/> (pages, CLI);
/// those with one check the given principal (API endpoints).
/// </summary>
public sealed class DatasetService(
    IDbContextFactory<AppDbContext> dbFactory,
    IAuthorizationService authorization,
    IServiceProvider services)
{
    public async Task<IReadOnlyList<DatasetSummary>> ListAsync(CancellationToken ct = default) =>
        await ListAsync(await CurrentUserAsync(), ct);

    public async Task<IReadOnlyList<DatasetSummary>> ListAsync(ClaimsPrincipal actor, CancellationToken ct = default)
    {
        await RequireResearchAsync(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Summaries(db.Datasets.OrderBy(d => d.Name)).ToListAsync(ct);
    }

    public async Task<DatasetSummary?> GetByNameAsync(string name, CancellationToken ct = default) =>
        await GetByNameAsync(await CurrentUserAsync(), name, ct);

    public async Task<DatasetSummary?> GetByNameAsync(ClaimsPrincipal actor, string name, CancellationToken ct = default)
    {
        await RequireResearchAsync(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var trimmed = name.Trim();
        return await Summaries(db.Datasets.Where(d => d.Name == trimmed)).FirstOrDefaultAsync(ct);
    }

    private static IQueryable<DatasetSummary> Summaries(IQueryable<Dataset> datasets) =>
        datasets.AsNoTracking().Select(d => new DatasetSummary(
            d.Id,
            d.Name,
            d.Description,
            d.Source,
            d.CreatedAt,
            d.CreatedBy == null ? null : d.CreatedBy.Email,
            d.Queries.Count(),
            d.Queries.Count(q => q.HasResponses)));

    private async Task<ClaimsPrincipal> CurrentUserAsync()
    {
        var provider = services.GetService<AuthenticationStateProvider>()
            ?? throw new UnauthorizedAccessException("No signed-in user.");
        return (await provider.GetAuthenticationStateAsync()).User;
    }

    private async Task RequireResearchAsync(ClaimsPrincipal actor)
    {
        if (!(await authorization.AuthorizeAsync(actor, Policies.Research)).Succeeded)
        {
            throw new UnauthorizedAccessException("Datasets are for reviewers and admins.");
        }
    }
}
