using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Data.Configurations;

public sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> builder)
    {
        builder.ToTable("Categories");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(100).IsRequired();
        builder.Property(c => c.Domain).HasMaxLength(40).IsRequired();
        builder.HasIndex(c => c.Name).IsUnique();

        // The catalog is fixed by the released files, so it is part of the schema's migrations.
        builder.HasData(CategoryCatalog.All.Select(c => new Category { Id = c.Id, Name = c.Name, Domain = c.Domain }));
    }
}
