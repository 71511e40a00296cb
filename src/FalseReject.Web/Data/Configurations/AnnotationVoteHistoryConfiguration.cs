using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Data.Configurations;

public sealed class AnnotationVoteHistoryConfiguration : IEntityTypeConfiguration<AnnotationVoteHistory>
{
    public void Configure(EntityTypeBuilder<AnnotationVoteHistory> builder)
    {
        builder.ToTable("AnnotationVoteHistory");
        builder.Property(h => h.AnnotatorId).HasMaxLength(450);
        builder.Property(h => h.NewValueJson).IsRequired();
        builder.HasIndex(h => h.VoteId);
        builder.HasIndex(h => new { h.AnnotatorId, h.ChangedAt });
    }
}
