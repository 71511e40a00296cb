using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Features.Judging;

/// <summary>Adds the built-in judge template v1 (the paper's prompt) once; idempotent, safe with several instances.</summary>
public sealed class JudgeTemplateSeed : IStoreSeeder
{
    public async Task EnsureAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        if (await db.JudgeTemplates.AnyAsync(t => t.Name == JudgePromptV1.Name && t.Version == JudgePromptV1.Version, cancellationToken))
        {
            return;
        }
        db.JudgeTemplates.Add(new JudgeTemplate
        {
            Name = JudgePromptV1.Name,
            Version = JudgePromptV1.Version,
            Text = JudgePromptV1.Text,
            Sha256 = JudgeTemplating.Sha256(JudgePromptV1.Text),
            IsBuiltIn = true,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance seeded it first (the unique (Name, Version) index).
            db.ChangeTracker.Clear();
        }
    }
}
