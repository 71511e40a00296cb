using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Data.Configurations;

public sealed class AnnotationAllowedAnnotatorConfiguration : IEntityTypeConfiguration<AnnotationAllowedAnnotator>
{
    public void Configure(EntityTypeBuilder<AnnotationAllowedAnnotator> builder)
    {
        builder.ToTable("AnnotationAllowedAnnotators");
        builder.HasKey(a => new { a.DatasetId, a.UserId });
        builder.HasOne(a => a.User).WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
