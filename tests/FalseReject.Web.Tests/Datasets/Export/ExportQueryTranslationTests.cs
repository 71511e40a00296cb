using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data;
using FalseReject.Web.Features.Datasets.Export;

namespace FalseReject.Web.Tests.Datasets.Export;

/// <summary>
/// The export's two queries are single SQL statements on both providers (the SQLite ones run in
/// every other export test; PostgreSQL's are translated here, without a server).
/// </summary>
public sealed class ExportQueryTranslationTests
{
    [Fact]
    public void FullExport_IsOneStatement_WithLeftJoins_InDatasetOrder_OnPostgreSql()
    {
        using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=translation-only").Options);

        var sql = DatasetExportService.FullQuery(db, 7).ToQueryString();

        Assert.Contains("LEFT JOIN", sql, StringComparison.Ordinal);
        Assert.Contains("ORDER BY q.\"Ordinal\"", sql, StringComparison.Ordinal);
        Assert.Equal(1, sql.Split("ORDER BY").Length - 1);
    }

    [Fact]
    public void VerifiedBenignExport_FiltersSettledSafeQueryLabels_OnPostgreSql()
    {
        using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=translation-only").Options);

        var sql = DatasetExportService.VerifiedBenignQuery(db, 7).ToQueryString();

        Assert.Contains("'Settled'", sql, StringComparison.Ordinal);
        Assert.Contains("'Safe'", sql, StringComparison.Ordinal);
        Assert.Contains("'QueryLabel'", sql, StringComparison.Ordinal);
    }
}
