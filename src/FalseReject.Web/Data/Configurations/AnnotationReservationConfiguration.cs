using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Data.Configurations;

public sealed class AnnotationReservationConfiguration : IEntityTypeConfiguration<AnnotationReservation>
{
    public void Configure(EntityTypeBuilder<AnnotationReservation> builder)
    {
        builder.ToTable("AnnotationReservations");
        builder.HasKey(r => new { r.ItemId, r.AnnotatorId });
        builder.HasOne<AnnotationItem>().WithMany().HasForeignKey(r => r.ItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(r => r.AnnotatorId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => r.AnnotatorId);
    }
}
