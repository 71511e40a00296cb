using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Data.Configurations;

public sealed class GoldLabelHistoryConfiguration : IEntityTypeConfiguration<GoldLabelHistory>
{
    public void Configure(EntityTypeBuilder<GoldLabelHistory> builder)
    {
        builder.ToTable("GoldLabelHistory");
        builder.Property(h => h.ChangedById).HasMaxLength(450);
        builder.Property(h => h.OldStatus).HasConversion<string>().HasMaxLength(12);
        builder.Property(h => h.NewStatus).HasConversion<string>().HasMaxLength(12);
        builder.Property(h => h.OldLabel).HasConversion<string>().HasMaxLength(10);
        builder.Property(h => h.NewLabel).HasConversion<string>().HasMaxLength(10);
        builder.Property(h => h.OldKind).HasConversion<string>().HasMaxLength(12);
        builder.Property(h => h.NewKind).HasConversion<string>().HasMaxLength(12);
        builder.Property(h => h.Reason).HasConversion<string>().HasMaxLength(20);
        builder.Property(h => h.Confidence).HasConversion<string>().HasMaxLength(10);
        builder.Property(h => h.Note).HasMaxLength(4000);
        builder.HasIndex(h => new { h.ItemId, h.Id });
        builder.HasIndex(h => new { h.DatasetId, h.ChangedAt });
    }
}
