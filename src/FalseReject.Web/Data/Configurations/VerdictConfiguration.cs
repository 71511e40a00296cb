using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Data.Configurations;

public sealed class VerdictConfiguration : IEntityTypeConfiguration<Verdict>
{
    public void Configure(EntityTypeBuilder<Verdict> builder)
    {
        builder.ToTable("Verdicts");
        builder.Property(v => v.Class).HasConversion<string>().HasMaxLength(32);
        builder.Property(v => v.Error).HasMaxLength(2000);
        builder.Property(v => v.InputSha256).HasMaxLength(64).IsFixedLength();
        builder.HasOne(v => v.Judgment).WithMany(j => j.Verdicts).HasForeignKey(v => v.JudgmentId).OnDelete(DeleteBehavior.Cascade);
        // A deleted item takes its verdicts (SQLite and PostgreSQL allow the second cascade path).
        builder.HasOne(v => v.RunItem).WithMany().HasForeignKey(v => v.RunItemId).OnDelete(DeleteBehavior.Cascade);
        // One verdict per item per judgment (a re-judge is a new judgment); the index serves the counts.
        builder.HasIndex(v => new { v.JudgmentId, v.RunItemId }).IsUnique();
        builder.HasIndex(v => new { v.JudgmentId, v.Class });
        builder.HasIndex(v => v.RunItemId);
    }
}
