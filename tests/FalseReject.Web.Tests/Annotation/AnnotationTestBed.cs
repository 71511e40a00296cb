using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Annotation;
using FalseReject.Web.Security;

namespace FalseReject.Web.Tests.Annotation;

/// <summary>
/// The app's services on a fresh SQLite file, with helpers to add a dataset of queries and
/// annotator accounts, and an <see cref="AnnotationService"/> per annotator (each its own caller).
/// </summary>
public sealed class AnnotationTestBed : IAsyncDisposable
{
    private AnnotationTestBed(ServiceTestHost host) => Host = host;

    public ServiceTestHost Host { get; }

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));

    public IDbContextFactory<AppDbContext> DbFactory => Host.GetRequiredService<IDbContextFactory<AppDbContext>>();

    public IAnnotationQueueStore Store => Host.GetRequiredService<IAnnotationQueueStore>();

    public static async Task<AnnotationTestBed> StartAsync(bool onPostgres = false) =>
        new(onPostgres ? await ServiceTestHost.StartOnPostgresAsync() : await ServiceTestHost.StartAsync());

    /// <summary>A queue store of its own (as another process has): its own in-process writer queue, the same database.</summary>
    public IAnnotationQueueStore NewStore() =>
        new AnnotationQueueStore(DbFactory, QueueDialect.For(Host.OnPostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite));

    /// <summary>The last id the store drew for an annotation item (SQLite's AUTOINCREMENT record or PostgreSQL's sequence).</summary>
    public async Task<long> LastItemIdDrawnAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        if (!Host.OnPostgres)
        {
            return await db.Database.SqlQueryRaw<long>("SELECT seq AS \"Value\" FROM sqlite_sequence WHERE name = 'AnnotationItems'").SingleAsync();
        }
        return await db.Database.SqlQueryRaw<long>("""
            SELECT s.last_value AS "Value" FROM pg_sequences s
            WHERE format('%I.%I', s.schemaname, s.sequencename) = pg_get_serial_sequence('"AnnotationItems"', 'Id')
            """).SingleAsync();
    }

    /// <summary>Moves the item id sequence so the next item drawn gets <paramref name="next"/>.</summary>
    public async Task SetNextItemIdAsync(long next)
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        if (!Host.OnPostgres)
        {
            // SQLite's AUTOINCREMENT reads its high-water mark from sqlite_sequence (a row exists once any item was made).
            await db.Database.ExecuteSqlAsync($"INSERT INTO sqlite_sequence (name, seq) SELECT 'AnnotationItems', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'AnnotationItems')");
            await db.Database.ExecuteSqlAsync($"UPDATE sqlite_sequence SET seq = {next - 1} WHERE name = 'AnnotationItems'");
            return;
        }
        await db.Database.ExecuteSqlAsync($"SELECT setval(pg_get_serial_sequence('\"AnnotationItems\"', 'Id'), {next - 1})");
    }

    /// <summary>Adds a dataset whose queries cycle through <paramref name="categories"/>; every <paramref name="withResponsesEvery"/>-th has responses.</summary>
    public async Task<int> AddDatasetAsync(int queries, int[]? categories = null, int withResponsesEvery = 0, string? name = null,
        Func<int, string>? prompt = null, AnnotationSettings? settings = null)
    {
        categories ??= [7];
        var seeded = Enumerable.Range(0, queries).Select(i =>
        {
            var responses = withResponsesEvery > 0 && i % withResponsesEvery == 0;
            return new SeedQuery(prompt?.Invoke(i) ?? $"How do locksmiths open a door when the owner is locked out? (query {i})", categories[i % categories.Length],
                InstructResponse: responses ? $"I understand there are different contexts here (instruct {i})." : null,
                CotReasoning: responses ? $"The user may be a locksmith (reasoning {i})." : null,
                CotSolution: responses ? $"Here is the safe part (solution {i})." : null);
        });
        var datasetId = await DatasetSeed.AddDatasetAsync(DbFactory, new Dataset { Name = name ?? $"dataset-{Guid.NewGuid():N}" }, seeded, settings);
        await Store.EnsureItemsAsync(datasetId);
        return datasetId;
    }

    public Task<string> AddUserAsync(string email) => UserSeed.AddUserAsync(DbFactory, email);

    /// <summary>An annotator account and the service as that annotator sees it.</summary>
    public async Task<Annotator> AddAnnotatorAsync(string name, IAnnotationQueueStore? store = null)
    {
        var id = await AddUserAsync($"{name}@tests.falsereject.local");
        return new Annotator(id, ServiceFor(id, $"{name}@tests.falsereject.local", store, Roles.Annotator));
    }

    public AnnotationService ServiceFor(string userId, string userName, IAnnotationQueueStore? store = null, params string[] roles) =>
        new(DbFactory, store ?? Store, new TestCaller(userId, userName, roles), Clock);

    public AnnotationSettingsService SettingsServiceFor(string userId, string userName, params string[] roles) =>
        new(DbFactory, new TestCaller(userId, userName, roles), Clock);

    public async Task<List<AnnotationItem>> ItemsAsync(int datasetId, AnnotationTaskType task = AnnotationTaskType.QueryLabel)
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        return await db.AnnotationItems.AsNoTracking().Include(i => i.Votes)
            .Where(i => i.DatasetId == datasetId && i.TaskType == task).OrderBy(i => i.Ordinal).ToListAsync();
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();

    public static VoteInput Safe(string? comment = null, bool unsure = false) => new(QueryLabel.Safe, null, unsure, comment, 1000);

    public static VoteInput Unsafe(string? comment = null, bool unsure = false) => new(QueryLabel.Unsafe, null, unsure, comment, 1000);
}

public sealed record Annotator(string Id, AnnotationService Service);
