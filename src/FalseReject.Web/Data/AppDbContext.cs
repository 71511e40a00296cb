using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using FalseReject.Web.Data.Entities;

namespace FalseReject.Web.Data;

/// <summary>
/// The application's store: Identity's tables, the data-protection keys (so that several app
/// instances share them) and the domain's tables.
/// </summary>
public class AppDbContext : IdentityDbContext<ApplicationUser>, IDataProtectionKeyContext
{
    public AppDbContext(DbContextOptions<AppDbContext> options)
        : base(options)
    {
    }

    /// <summary>For the provider-specific subclasses that own their migrations (<see cref="PostgresAppDbContext"/>).</summary>
    protected AppDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Category> Categories => Set<Category>();

    public DbSet<Dataset> Datasets => Set<Dataset>();

    public DbSet<Query> Queries => Set<Query>();

    public DbSet<Model> Models => Set<Model>();

    public DbSet<Run> Runs => Set<Run>();

    public DbSet<RunItem> RunItems => Set<RunItem>();

    public DbSet<RunItemOverride> RunItemOverrides => Set<RunItemOverride>();

    public DbSet<RunReferenceDataset> RunReferenceDatasets => Set<RunReferenceDataset>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<AnnotationSettings> AnnotationSettings => Set<AnnotationSettings>();

    public DbSet<AnnotationGuideline> AnnotationGuidelines => Set<AnnotationGuideline>();

    public DbSet<AnnotationItem> AnnotationItems => Set<AnnotationItem>();

    public DbSet<AnnotationVote> AnnotationVotes => Set<AnnotationVote>();

    public DbSet<AnnotationVoteHistory> AnnotationVoteHistory => Set<AnnotationVoteHistory>();

    public DbSet<GoldLabelHistory> GoldLabelHistory => Set<GoldLabelHistory>();

    public DbSet<ModelEndpoint> ModelEndpoints => Set<ModelEndpoint>();

    public DbSet<JudgeTemplate> JudgeTemplates => Set<JudgeTemplate>();

    public DbSet<Judgment> Judgments => Set<Judgment>();

    public DbSet<Verdict> Verdicts => Set<Verdict>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date-time-with-offset type: store instants as sortable integers so that
        // queries can order and compare them on the server.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }
}
