using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Data.Configurations;

public sealed class ModelConfiguration : IEntityTypeConfiguration<Model>
{
    public const int NameMaxLength = 200;

    public void Configure(EntityTypeBuilder<Model> builder)
    {
        builder.ToTable("Models");
        builder.Property(m => m.Name).HasMaxLength(NameMaxLength).IsRequired();
        builder.HasIndex(m => m.Name).IsUnique();
        builder.Property(m => m.Provider).HasMaxLength(200);
    }
}

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

public sealed class RunItemOverrideConfiguration : IEntityTypeConfiguration<RunItemOverride>
{
    public void Configure(EntityTypeBuilder<RunItemOverride> builder)
    {
        builder.ToTable("RunItemOverrides");
        builder.Property(o => o.PreviousClass).HasConversion<string>().HasMaxLength(32);
        builder.Property(o => o.NewClass).HasConversion<string>().HasMaxLength(32);
        builder.Property(o => o.Reason).HasMaxLength(2000).IsRequired();
        builder.Property(o => o.ByName).HasMaxLength(256).IsRequired();
        builder.HasOne(o => o.RunItem).WithMany(i => i.Overrides).HasForeignKey(o => o.RunItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(o => o.RunItemId);
    }
}

public sealed class RunReferenceDatasetConfiguration : IEntityTypeConfiguration<RunReferenceDataset>
{
    public void Configure(EntityTypeBuilder<RunReferenceDataset> builder)
    {
        builder.ToTable("RunReferenceDatasets");
        builder.HasKey(r => r.DatasetId);
        builder.HasOne(r => r.Dataset).WithMany().HasForeignKey(r => r.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}
