using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Data.Configurations;

public sealed class ModelEndpointConfiguration : IEntityTypeConfiguration<ModelEndpoint>
{
    public const int NameMaxLength = 100;
    public const int BaseUrlMaxLength = 500;
    public const int ModelIdMaxLength = 200;
    public const int ExtraBodyMaxLength = 8000;

    public void Configure(EntityTypeBuilder<ModelEndpoint> builder)
    {
        builder.ToTable("ModelEndpoints");
        builder.Property(e => e.Name).HasMaxLength(NameMaxLength).IsRequired();
        builder.HasIndex(e => e.Name).IsUnique();
        builder.Property(e => e.BaseUrl).HasMaxLength(BaseUrlMaxLength).IsRequired();
        builder.Property(e => e.ModelId).HasMaxLength(ModelIdMaxLength).IsRequired();
        builder.Property(e => e.ProtectedApiKey).HasMaxLength(4000);
        builder.Property(e => e.MaxTokensField).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.ExtraBodyJson).HasMaxLength(ExtraBodyMaxLength);
        builder.Property(e => e.Revision).IsConcurrencyToken();
    }
}

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

public sealed class VerdictConfiguration : IEntityTypeConfiguration<Verdict>
{
    public void Configure(EntityTypeBuilder<Verdict> builder)
    {
        builder.ToTable("Verdicts");
        builder.Property(v => v.Class).HasConversion<string>().HasMaxLength(32);
        builder.Property(v => v.Error).HasMaxLength(2000);
        builder.Property(v => v.InputSha256).HasMaxLength(64).IsFixedLength();
        builder.HasOne(v => v.Judgment).WithMany(j => j.Verdicts).HasForeignKey(v => v.JudgmentId).OnDelete(DeleteBehavior.Cascade);
        // A deleted item takes its verdicts (SQLite and PostgreSQL allow the second cascade path).
        builder.HasOne(v => v.RunItem).WithMany().HasForeignKey(v => v.RunItemId).OnDelete(DeleteBehavior.Cascade);
        // One verdict per item per judgment (a re-judge is a new judgment); the index serves the counts.
        builder.HasIndex(v => new { v.JudgmentId, v.RunItemId }).IsUnique();
        builder.HasIndex(v => new { v.JudgmentId, v.Class });
        builder.HasIndex(v => v.RunItemId);
    }
}
