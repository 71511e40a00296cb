using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Data.Configurations;

public sealed class AnnotationItemConfiguration : IEntityTypeConfiguration<AnnotationItem>
{
    public void Configure(EntityTypeBuilder<AnnotationItem> builder)
    {
        builder.ToTable("AnnotationItems", t =>
            t.HasCheckConstraint("CK_AnnotationItems_VoteCount", "\"VoteCount\" >= 0"));
        builder.Property(i => i.TaskType).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(12);
        builder.Property(i => i.GoldLabel).HasConversion<string>().HasMaxLength(10);
        builder.Property(i => i.SettlementKind).HasConversion<string>().HasMaxLength(12);
        builder.Property(i => i.SettledById).HasMaxLength(450);
        builder.Property(i => i.SettlementNote).HasMaxLength(4000);
        builder.Property(i => i.AdjudicationReason).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.AdjudicationConfidence).HasConversion<string>().HasMaxLength(10);
        builder.HasOne<Dataset>().WithMany().HasForeignKey(i => i.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(i => i.Query).WithMany().HasForeignKey(i => i.QueryId).OnDelete(DeleteBehavior.Cascade);

        // An item is (query, task type); the queue walks a dataset's open items in dataset order.
        builder.HasIndex(i => new { i.QueryId, i.TaskType }).IsUnique();
        builder.HasIndex(i => new { i.DatasetId, i.TaskType, i.Status, i.Ordinal });
    }
}
