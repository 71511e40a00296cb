using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Data.Configurations;

public sealed class JudgeTemplateConfiguration : IEntityTypeConfiguration<JudgeTemplate>
{
    public void Configure(EntityTypeBuilder<JudgeTemplate> builder)
    {
        builder.ToTable("JudgeTemplates");
        builder.Property(t => t.Name).HasMaxLength(100).IsRequired();
        builder.Property(t => t.Text).IsRequired();
        builder.Property(t => t.Sha256).HasMaxLength(64).IsFixedLength().IsRequired();
        builder.Property(t => t.CreatedById).HasMaxLength(450);
        builder.HasIndex(t => new { t.Name, t.Version }).IsUnique();
    }
}
