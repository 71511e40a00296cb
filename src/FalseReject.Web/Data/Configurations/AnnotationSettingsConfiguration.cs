using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Data.Configurations;

public sealed class AnnotationSettingsConfiguration : IEntityTypeConfiguration<AnnotationSettings>
{
    public void Configure(EntityTypeBuilder<AnnotationSettings> builder)
    {
        builder.ToTable("AnnotationSettings", t =>
        {
            t.HasCheckConstraint("CK_AnnotationSettings_VotesPerItem", "\"VotesPerItem\" BETWEEN 1 AND 20");
            t.HasCheckConstraint("CK_AnnotationSettings_ReservationMinutes", "\"ReservationMinutes\" BETWEEN 1 AND 1440");
        });
        builder.HasKey(s => s.DatasetId);
        builder.HasOne(s => s.Dataset).WithOne().HasForeignKey<AnnotationSettings>(s => s.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.UpdatedById).HasMaxLength(450);
        builder.HasMany(s => s.AllowedAnnotators).WithOne().HasForeignKey(a => a.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}
