using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Data.Configurations;

public sealed class ModelConfiguration : IEntityTypeConfiguration<Model>
{
    public const int NameMaxLength = 200;

    public void Configure(EntityTypeBuilder<Model> builder)
    {
        builder.ToTable("Models");
        builder.Property(m => m.Name).HasMaxLength(NameMaxLength).IsRequired();
        builder.HasIndex(m => m.Name).IsUnique();
        builder.Property(m => m.Provider).HasMaxLength(200);
    }
}
