using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using FalseReject.TestSupport;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Agreement;
using FalseReject.Web.Features.Annotation;
using FalseReject.Web.Security;

namespace FalseReject.Benchmarks;

/// <summary>
/// The agreement page's service end to end on a SQLite file: load a dataset's votes (one query),
/// build the rating tables, compute every statistic with its 1,000-resample bootstrap (overall,
/// per category, per rubric question). FalseReject-Test's size: 1,187 items × 3 annotators
/// (6% of votes missing, each annotator following a latent label 88% of the time, fixed seed),
/// 46 categories; with <see cref="WithRubric"/> also a response-review vote per item and annotator
/// on both response kinds (10 more α and bootstraps).
/// <c>dotnet run -c Release --project tests/FalseReject.Benchmarks -- --filter '*AgreementService*'</c>
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SlowBuildConfig))]
public class AgreementServiceBenchmarks
{
    private const int Items = 1187;
    private const int Annotators = 3;
    private const string Dataset = "falsereject-test";

    private ServiceTestHost _host = null!;
    private AgreementService _service = null!;

    [Params(false, true)]
    public bool WithRubric { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _host = ServiceTestHost.StartAsync(new ServiceTestHostOptions
        {
            DatabasePath = Path.Combine(Path.GetTempPath(), $"falsereject-bench-agreement-{Guid.NewGuid():N}.db"),
            EnvironmentName = "Benchmark",
            Logging = logging => logging.ClearProviders(),
            Caller = TestCaller.Named("reviewer@bench.falsereject.local", Roles.Reviewer),
            // The generated bootstrap password is printed, as the app does.
            Console = Console.Out,
        }).GetAwaiter().GetResult();
        SeedAsync(_host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>()).GetAwaiter().GetResult();
        _service = _host.Services.CreateScope().ServiceProvider.GetRequiredService<AgreementService>();
    }

    [GlobalCleanup]
    public void Cleanup() => _host.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>What the page does on load: the whole view of the dataset.</summary>
    [Benchmark]
    public AgreementView AgreementPage_GetAsync() => _service.GetAsync(Dataset).GetAwaiter().GetResult();

    private async Task SeedAsync(IDbContextFactory<AppDbContext> dbFactory)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var users = Enumerable.Range(0, Annotators).Select(a => new ApplicationUser
        {
            UserName = $"annotator-{a}@bench.falsereject.local",
            Email = $"annotator-{a}@bench.falsereject.local",
            DisplayName = $"Annotator {a}",
        }).ToList();
        db.Users.AddRange(users);
        var dataset = new Dataset { Name = Dataset };
        for (int i = 0; i < Items; i++)
        {
            var text = $"Synthetic seemingly harmful but benign query number {i}?";
            dataset.Queries.Add(new Query
            {
                Ordinal = i,
                Prompt = text,
                PromptHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant(),
                CategoryId = 1 + (i % 46),
                SourceLine = i + 1,
                HasResponses = WithRubric,
            });
        }
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync();

        var random = new Random(1187);
        var now = DateTimeOffset.UtcNow;
        foreach (var query in dataset.Queries)
        {
            var truth = random.NextDouble() < 0.25 ? QueryLabel.Unsafe : QueryLabel.Safe;
            var label = new AnnotationItem { DatasetId = dataset.Id, QueryId = query.Id, Ordinal = query.Ordinal, CategoryId = query.CategoryId, TaskType = AnnotationTaskType.QueryLabel };
            var review = new AnnotationItem { DatasetId = dataset.Id, QueryId = query.Id, Ordinal = query.Ordinal, CategoryId = query.CategoryId, TaskType = AnnotationTaskType.ResponseReview };
            foreach (var user in users)
            {
                if (random.NextDouble() < 0.06)
                {
                    continue;
                }
                var vote = random.NextDouble() < 0.88 ? truth : (truth == QueryLabel.Safe ? QueryLabel.Unsafe : QueryLabel.Safe);
                label.Votes.Add(new AnnotationVote { AnnotatorId = user.Id, Label = vote, Unsure = random.NextDouble() < 0.03, CreatedAt = now, UpdatedAt = now });
                if (WithRubric)
                {
                    var assessment = new ResponseAssessment(random.NextDouble() < 0.9, random.NextDouble() < 0.85, random.NextDouble() < 0.8, random.NextDouble() < 0.9, random.NextDouble() < 0.95, 1 + random.Next(5));
                    review.Votes.Add(new AnnotationVote { AnnotatorId = user.Id, RubricJson = new ResponseRubric(assessment, assessment).ToJson(), CreatedAt = now, UpdatedAt = now });
                }
            }
            label.VoteCount = label.Votes.Count;
            var agreed = label.Votes.Count > 1 && label.Votes.All(v => v.Label == label.Votes[0].Label && !v.Unsure);
            label.Status = agreed ? AnnotationItemStatus.Settled : AnnotationItemStatus.Disputed;
            label.GoldLabel = agreed ? label.Votes[0].Label : null;
            label.SettlementKind = agreed ? SettlementKind.Unanimous : null;
            db.AnnotationItems.Add(label);
            if (WithRubric)
            {
                review.VoteCount = review.Votes.Count;
                db.AnnotationItems.Add(review);
            }
        }
        await db.SaveChangesAsync();
    }

    private sealed class SlowBuildConfig : ManualConfig
    {
        public SlowBuildConfig() => WithBuildTimeout(TimeSpan.FromMinutes(10));
    }
}
