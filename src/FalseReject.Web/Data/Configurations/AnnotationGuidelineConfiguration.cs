using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Data.Configurations;

public sealed class AnnotationGuidelineConfiguration : IEntityTypeConfiguration<AnnotationGuideline>
{
    public void Configure(EntityTypeBuilder<AnnotationGuideline> builder)
    {
        builder.ToTable("AnnotationGuidelines");
        builder.Property(g => g.Markdown).IsRequired();
        builder.HasIndex(g => new { g.DatasetId, g.Version }).IsUnique();
        builder.HasOne(g => g.Dataset).WithMany().HasForeignKey(g => g.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(g => g.CreatedBy).WithMany().HasForeignKey(g => g.CreatedById).OnDelete(DeleteBehavior.SetNull);
    }
}
