using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Security;

namespace FalseReject.Web.Features.Annotation;

/// <summary>
/// The Admin's side of annotation: per-dataset settings (N, reservation time, responses shown
/// while labeling, the annotator allow-list, whether a majority settles) and versioned guidelines. Every call checks that the
/// caller is an Admin.
/// </summary>
public sealed class AnnotationSettingsService(
    IDbContextFactory<AppDbContext> dbFactory,
    ICurrentCaller caller,
    TimeProvider clock)
{
    public const int MaxVotesPerItem = 20;
    public const int MaxReservationMinutes = 1440;

    public async Task<IReadOnlyList<AnnotatableDataset>> ListDatasetsAsync(CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Datasets.AsNoTracking().OrderBy(d => d.Name)
            .Select(d => new AnnotatableDataset(d.Id, d.Name, d.Description, d.Queries.Count, d.Queries.Count(q => q.HasResponses)))
            .ToListAsync(cancellationToken);
    }

    public async Task<AnnotationSettingsView?> GetAsync(int datasetId, CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == datasetId, cancellationToken);
        if (dataset is null)
        {
            return null;
        }
        var settings = await db.AnnotationSettings.AsNoTracking().Include(s => s.AllowedAnnotators)
            .FirstOrDefaultAsync(s => s.DatasetId == datasetId, cancellationToken) ?? new AnnotationSettings { DatasetId = datasetId };
        var annotatorRole = await db.Roles.Where(r => r.Name == Roles.Annotator).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        var annotators = await db.Users.AsNoTracking()
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == annotatorRole))
            .OrderBy(u => u.Email)
            .Select(u => new AnnotatorOption(u.Id, u.Email ?? u.UserName ?? u.Id, u.DisplayName))
            .ToListAsync(cancellationToken);
        var guidelines = await db.AnnotationGuidelines.AsNoTracking().Where(g => g.DatasetId == datasetId)
            .OrderByDescending(g => g.Version)
            .Select(g => new GuidelineView(g.Version, g.Markdown, g.CreatedAt, g.CreatedBy == null ? null : g.CreatedBy.Email))
            .ToListAsync(cancellationToken);
        return new AnnotationSettingsView(datasetId, dataset.Name, settings.VotesPerItem, settings.ReservationMinutes,
            settings.ShowResponsesWhileLabeling, [.. settings.AllowedAnnotators.Select(a => a.UserId)], annotators, guidelines,
            settings.AcceptMajority);
    }

    /// <summary>
    /// Saves a dataset's settings. N cannot drop below the votes an open item already has (it
    /// would have more votes than allowed); an empty allow-list admits every annotator.
    /// </summary>
    public async Task<SettingsResult> SaveAsync(int datasetId, AnnotationSettingsInput input, CancellationToken cancellationToken = default)
    {
        var me = await RequireAdminAsync(cancellationToken);
        var errors = new List<string>();
        if (input.VotesPerItem is < 1 or > MaxVotesPerItem)
        {
            errors.Add($"Votes per item: must be 1 to {MaxVotesPerItem} (got {input.VotesPerItem}).");
        }
        if (input.ReservationMinutes is < 1 or > MaxReservationMinutes)
        {
            errors.Add($"Reservation time: must be 1 to {MaxReservationMinutes} minutes (got {input.ReservationMinutes}).");
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Datasets.AnyAsync(d => d.Id == datasetId, cancellationToken))
        {
            return SettingsResult.Fail($"Dataset {datasetId} does not exist.");
        }
        var maxOpenVotes = await db.AnnotationItems.Where(i => i.DatasetId == datasetId && i.Status == AnnotationItemStatus.Open)
            .MaxAsync(i => (int?)i.VoteCount, cancellationToken) ?? 0;
        if (input.VotesPerItem < maxOpenVotes)
        {
            errors.Add($"Votes per item: open items already have {maxOpenVotes} votes; N cannot be lower.");
        }
        var allowed = input.AllowedAnnotatorIds.Distinct().ToList();
        var known = await db.Users.Where(u => allowed.Contains(u.Id)).Select(u => u.Id).ToListAsync(cancellationToken);
        foreach (var unknown in allowed.Except(known))
        {
            errors.Add($"Allowed annotators: no user has the id '{unknown}'.");
        }
        if (errors.Count > 0)
        {
            return new SettingsResult(false, errors);
        }

        var settings = await db.AnnotationSettings.Include(s => s.AllowedAnnotators).FirstOrDefaultAsync(s => s.DatasetId == datasetId, cancellationToken);
        if (settings is null)
        {
            settings = new AnnotationSettings { DatasetId = datasetId };
            db.AnnotationSettings.Add(settings);
        }
        settings.VotesPerItem = input.VotesPerItem;
        settings.ReservationMinutes = input.ReservationMinutes;
        settings.ShowResponsesWhileLabeling = input.ShowResponsesWhileLabeling;
        settings.AcceptMajority = input.AcceptMajority;
        settings.UpdatedAt = clock.GetUtcNow();
        settings.UpdatedById = me;
        settings.AllowedAnnotators.RemoveAll(a => !allowed.Contains(a.UserId));
        foreach (var id in allowed.Where(id => settings.AllowedAnnotators.All(a => a.UserId != id)))
        {
            settings.AllowedAnnotators.Add(new AnnotationAllowedAnnotator { DatasetId = datasetId, UserId = id });
        }
        await db.SaveChangesAsync(cancellationToken);
        return SettingsResult.Ok;
    }

    /// <summary>Publishes a new guideline version (the previous ones stay, as votes refer to them).</summary>
    public async Task<(SettingsResult Result, int Version)> PublishGuidelineAsync(int datasetId, string markdown, CancellationToken cancellationToken = default)
    {
        var me = await RequireAdminAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return (SettingsResult.Fail("Guidelines: the text is empty."), 0);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Datasets.AnyAsync(d => d.Id == datasetId, cancellationToken))
        {
            return (SettingsResult.Fail($"Dataset {datasetId} does not exist."), 0);
        }
        var version = (await db.AnnotationGuidelines.Where(g => g.DatasetId == datasetId).MaxAsync(g => (int?)g.Version, cancellationToken) ?? 0) + 1;
        db.AnnotationGuidelines.Add(new AnnotationGuideline
        {
            DatasetId = datasetId,
            Version = version,
            Markdown = markdown.Trim(),
            CreatedAt = clock.GetUtcNow(),
            CreatedById = me,
        });
        await db.SaveChangesAsync(cancellationToken);
        return (SettingsResult.Ok, version);
    }

    /// <summary>Returns the caller's user id (null for the CLI's operator, who has no account); throws unless the caller is an Admin.</summary>
    private async Task<string?> RequireAdminAsync(CancellationToken cancellationToken) =>
        (await caller.RequireAsync(Policies.Administer, cancellationToken)).Id;
}
