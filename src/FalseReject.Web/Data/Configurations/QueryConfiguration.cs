using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Data.Configurations;

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
