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
