using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Data.Configurations;

public sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public const int NameMaxLength = 100;
    public const int PublicIdLength = 16;
    public const int SecretHashLength = 32;

    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.ToTable("ApiTokens");
        builder.Property(t => t.Name).HasMaxLength(NameMaxLength).IsRequired();
        builder.Property(t => t.PublicId).HasMaxLength(PublicIdLength).IsFixedLength().IsRequired();
        builder.Property(t => t.SecretHash).HasMaxLength(SecretHashLength).IsFixedLength().IsRequired();
        builder.HasIndex(t => t.PublicId).IsUnique();
        builder.HasIndex(t => t.UserId);
        // A user's tokens go with the user.
        builder.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
