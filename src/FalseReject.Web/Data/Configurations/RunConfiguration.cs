using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Data.Configurations;

public sealed class RunConfiguration : IEntityTypeConfiguration<Run>
{
    public void Configure(EntityTypeBuilder<Run> builder)
    {
        builder.ToTable("Runs");
        builder.Property(r => r.JudgeModel).HasMaxLength(200);
        builder.Property(r => r.JudgePromptVersion).HasMaxLength(100);
        builder.Property(r => r.Notes).HasMaxLength(4000);
        builder.Property(r => r.SourceFile).HasMaxLength(500);
        builder.HasOne(r => r.Model).WithMany(m => m.Runs).HasForeignKey(r => r.ModelId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.Dataset).WithMany().HasForeignKey(r => r.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.ImportedBy).WithMany().HasForeignKey(r => r.ImportedById).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(r => new { r.DatasetId, r.RunDate });
    }
}
