using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Data.Configurations;

public sealed class AnnotationVoteConfiguration : IEntityTypeConfiguration<AnnotationVote>
{
    public const int CommentMaxLength = 4000;

    public void Configure(EntityTypeBuilder<AnnotationVote> builder)
    {
        builder.ToTable("AnnotationVotes");
        builder.Property(v => v.Label).HasConversion<string>().HasMaxLength(10);
        builder.Property(v => v.Comment).HasMaxLength(CommentMaxLength);
        builder.HasOne(v => v.Item).WithMany(i => i.Votes).HasForeignKey(v => v.ItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(v => v.Annotator).WithMany().HasForeignKey(v => v.AnnotatorId).OnDelete(DeleteBehavior.Restrict);

        // The rule, as an index: one vote per annotator per item.
        builder.HasIndex(v => new { v.ItemId, v.AnnotatorId }).IsUnique();
        builder.HasIndex(v => new { v.AnnotatorId, v.UpdatedAt });
    }
}
