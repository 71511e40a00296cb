using Microsoft.Extensions.DependencyInjection;
using FalseReject.Web.Features.Annotation;

namespace FalseReject.IntegrationTests.Postgres;

/// <summary>
/// The app on PostgreSQL runs the one annotation queue with the PostgreSQL dialect. The queue's
/// rules themselves are proven on both stores by FalseReject.Web.Tests' AnnotationQueueBehaviour
/// (AnnotationQueueOnSqliteTests and AnnotationQueueOnPostgresTests).
/// </summary>
public sealed class PostgresAnnotationQueueTests(PostgresFactory factory) : IClassFixture<PostgresFactory>
{
    [Fact]
    public void TheAppUsesThePostgresDialect()
    {
        Assert.IsType<AnnotationQueueStore>(factory.Services.GetRequiredService<IAnnotationQueueStore>());
        Assert.IsType<PostgresQueueDialect>(factory.Services.GetRequiredService<QueueDialect>());
    }
}
