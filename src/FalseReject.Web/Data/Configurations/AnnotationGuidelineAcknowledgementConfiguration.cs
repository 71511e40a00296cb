using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Data.Configurations;

public sealed class AnnotationGuidelineAcknowledgementConfiguration : IEntityTypeConfiguration<AnnotationGuidelineAcknowledgement>
{
    public void Configure(EntityTypeBuilder<AnnotationGuidelineAcknowledgement> builder)
    {
        builder.ToTable("AnnotationGuidelineAcknowledgements");
        builder.HasKey(a => new { a.GuidelineId, a.UserId });
        builder.HasOne<AnnotationGuideline>().WithMany().HasForeignKey(a => a.GuidelineId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
