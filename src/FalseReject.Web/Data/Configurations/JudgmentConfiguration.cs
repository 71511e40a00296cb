using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Data.Configurations;

public sealed class JudgmentConfiguration : IEntityTypeConfiguration<Judgment>
{
    public void Configure(EntityTypeBuilder<Judgment> builder)
    {
        builder.ToTable("Judgments");
        builder.Property(j => j.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(j => j.Label).HasMaxLength(200).IsRequired();
        builder.Property(j => j.TemplateName).HasMaxLength(100);
        builder.Property(j => j.TemplateSha256).HasMaxLength(64).IsFixedLength();
        builder.Property(j => j.EndpointName).HasMaxLength(ModelEndpointConfiguration.NameMaxLength);
        builder.Property(j => j.JudgeModel).HasMaxLength(ModelEndpointConfiguration.ModelIdMaxLength);
        builder.Property(j => j.CreatedById).HasMaxLength(450);
        builder.HasOne(j => j.Run).WithMany().HasForeignKey(j => j.RunId).OnDelete(DeleteBehavior.Cascade);
        // A template that judged something is kept (Restrict); the verdicts name its sha anyway.
        builder.HasOne(j => j.JudgeTemplate).WithMany().HasForeignKey(j => j.JudgeTemplateId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(j => new { j.RunId, j.CreatedAt });
    }
}
