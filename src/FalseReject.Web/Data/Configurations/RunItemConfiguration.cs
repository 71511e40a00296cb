using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Data.Configurations;

public sealed class RunItemConfiguration : IEntityTypeConfiguration<RunItem>
{
    public void Configure(EntityTypeBuilder<RunItem> builder)
    {
        builder.ToTable("RunItems");
        builder.Property(i => i.Response).IsRequired();
        builder.Property(i => i.JudgeClass).HasConversion<string>().HasMaxLength(32);
        builder.Property(i => i.HumanClass).HasConversion<string>().HasMaxLength(32);
        builder.Property(i => i.Class).HasConversion<string>().HasMaxLength(32);
        builder.HasOne(i => i.Run).WithMany(r => r.Items).HasForeignKey(i => i.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(i => i.Query).WithMany().HasForeignKey(i => i.QueryId).OnDelete(DeleteBehavior.Cascade);

        // One response per prompt per run; the covering index serves the leaderboard's counts.
        builder.HasIndex(i => new { i.RunId, i.QueryId }).IsUnique();
        builder.HasIndex(i => new { i.RunId, i.CategoryId, i.Class });
    }
}
