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

public sealed class AnnotationAllowedAnnotatorConfiguration : IEntityTypeConfiguration<AnnotationAllowedAnnotator>
{
    public void Configure(EntityTypeBuilder<AnnotationAllowedAnnotator> builder)
    {
        builder.ToTable("AnnotationAllowedAnnotators");
        builder.HasKey(a => new { a.DatasetId, a.UserId });
        builder.HasOne(a => a.User).WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

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

public sealed class AnnotationItemConfiguration : IEntityTypeConfiguration<AnnotationItem>
{
    public void Configure(EntityTypeBuilder<AnnotationItem> builder)
    {
        builder.ToTable("AnnotationItems", t =>
            t.HasCheckConstraint("CK_AnnotationItems_VoteCount", "\"VoteCount\" >= 0"));
        builder.Property(i => i.TaskType).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(12);
        builder.Property(i => i.GoldLabel).HasConversion<string>().HasMaxLength(10);
        builder.Property(i => i.SettlementKind).HasConversion<string>().HasMaxLength(12);
        builder.Property(i => i.SettledById).HasMaxLength(450);
        builder.Property(i => i.SettlementNote).HasMaxLength(4000);
        builder.Property(i => i.AdjudicationReason).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.AdjudicationConfidence).HasConversion<string>().HasMaxLength(10);
        builder.HasOne<Dataset>().WithMany().HasForeignKey(i => i.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(i => i.Query).WithMany().HasForeignKey(i => i.QueryId).OnDelete(DeleteBehavior.Cascade);

        // An item is (query, task type); the queue walks a dataset's open items in dataset order.
        builder.HasIndex(i => new { i.QueryId, i.TaskType }).IsUnique();
        builder.HasIndex(i => new { i.DatasetId, i.TaskType, i.Status, i.Ordinal });
    }
}

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
