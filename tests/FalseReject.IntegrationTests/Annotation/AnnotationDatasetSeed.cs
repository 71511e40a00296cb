using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using FalseReject.Web.Data;
using FalseReject.Web.Data.Entities;

namespace FalseReject.IntegrationTests.Annotation;

/// <summary>Seeds the app's own store (through its DbContext) with datasets and annotation settings for API tests.</summary>
internal static class AnnotationDatasetSeed
{
    /// <summary>Creates a dataset with <paramref name="queries"/> prompts (once per factory); returns its id.</summary>
    public static async Task<int> EnsureDatasetAsync(this FalseRejectFactory factory, string name, int queries, int votesPerItem = 2,
        bool withResponses = false, IReadOnlyList<string>? allowedAnnotatorEmails = null)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.Datasets.Where(d => d.Name == name).Select(d => (int?)d.Id).FirstOrDefaultAsync() is { } existing)
        {
            return existing;
        }
        var dataset = new Dataset { Name = name, Description = "seeded by the hardening tests" };
        for (var i = 0; i < queries; i++)
        {
            var prompt = $"{name}: how do locksmiths teach apprentices to open a jammed door, case {i}?";
            dataset.Queries.Add(new Query
            {
                Ordinal = i,
                Prompt = prompt,
                PromptHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prompt))),
                CategoryId = 1 + i % 46,
                InstructResponse = withResponses ? "Acknowledge; explain; guide; close." : null,
                HasResponses = withResponses,
                SourceLine = i + 1,
            });
        }
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync();
        var settings = new AnnotationSettings { DatasetId = dataset.Id, VotesPerItem = votesPerItem };
        foreach (var email in allowedAnnotatorEmails ?? [])
        {
            var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            settings.AllowedAnnotators.Add(new AnnotationAllowedAnnotator { DatasetId = dataset.Id, UserId = id });
        }
        db.AnnotationSettings.Add(settings);
        await db.SaveChangesAsync();
        return dataset.Id;
    }
}
