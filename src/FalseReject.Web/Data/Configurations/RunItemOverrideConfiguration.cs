using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Data.Configurations;

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
