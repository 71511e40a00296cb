using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Data.Configurations;

public sealed class DatasetConfiguration : IEntityTypeConfiguration<Dataset>
{
    public const int NameMaxLength = 200;

    public void Configure(EntityTypeBuilder<Dataset> builder)
    {
        builder.ToTable("Datasets");
        builder.Property(d => d.Name).HasMaxLength(NameMaxLength).IsRequired();
        builder.HasIndex(d => d.Name).IsUnique();
        builder.Property(d => d.Description).HasMaxLength(4000);
        builder.Property(d => d.Source).HasMaxLength(1000);
        builder.HasOne(d => d.CreatedBy).WithMany().HasForeignKey(d => d.CreatedById).OnDelete(DeleteBehavior.SetNull);
    }
}

public sealed class QueryConfiguration : IEntityTypeConfiguration<Query>
{
    public void Configure(EntityTypeBuilder<Query> builder)
    {
        builder.ToTable("Queries");
        builder.Property(q => q.Prompt).IsRequired();
        builder.Property(q => q.PromptHash).HasMaxLength(64).IsFixedLength().IsRequired();
        builder.HasOne(q => q.Dataset).WithMany(d => d.Queries).HasForeignKey(q => q.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(q => q.Category).WithMany().HasForeignKey(q => q.CategoryId).OnDelete(DeleteBehavior.Restrict);

        // The rules, as indexes: a prompt appears once per dataset; dataset order is unique.
        builder.HasIndex(q => new { q.DatasetId, q.PromptHash }).IsUnique();
        builder.HasIndex(q => new { q.DatasetId, q.Ordinal }).IsUnique();
        builder.HasIndex(q => new { q.DatasetId, q.CategoryId });
    }
}
