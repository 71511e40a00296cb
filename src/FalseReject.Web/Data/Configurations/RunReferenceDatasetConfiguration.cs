using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Data.Configurations;

public sealed class RunReferenceDatasetConfiguration : IEntityTypeConfiguration<RunReferenceDataset>
{
    public void Configure(EntityTypeBuilder<RunReferenceDataset> builder)
    {
        builder.ToTable("RunReferenceDatasets");
        builder.HasKey(r => r.DatasetId);
        builder.HasOne(r => r.Dataset).WithMany().HasForeignKey(r => r.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}
