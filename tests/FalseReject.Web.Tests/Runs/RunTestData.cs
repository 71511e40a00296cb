using System.Security.Cryptography;
using System.Text;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Security;

namespace FalseReject.Web.Tests.Runs;

/// <summary>Datasets written straight to the store, run files built as JSONL, and callers.</summary>
internal static class RunTestData
{
    public static Caller Reviewer { get; } = Principal("reviewer@tests", Roles.Reviewer);

    public static Caller Admin { get; } = Principal("admin@tests", Roles.Admin);

    public static Caller Annotator { get; } = Principal("annotator@tests", Roles.Annotator);

    public static Caller Principal(string name, params string[] roles) =>
        TestCaller.Named(name, roles);

    /// <summary>Adds a dataset whose prompts are "P1".."Pn"; prompt i is in category <paramref name="categoryOf"/>(i) (default 1).</summary>
    public static async Task<int> AddDatasetAsync(ServiceTestHost host, string name, int prompts, Func<int, int>? categoryOf = null)
    {
        await using var db = await host.CreateDbContextAsync();
        var dataset = new Dataset { Name = name };
        for (var i = 1; i <= prompts; i++)
        {
            dataset.Queries.Add(new Query
            {
                Ordinal = i - 1,
                Prompt = $"P{i}",
                PromptHash = Hash($"P{i}"),
                CategoryId = categoryOf?.Invoke(i) ?? 1,
                SourceLine = i,
            });
        }
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync();
        return dataset.Id;
    }

    public static string Hash(string prompt) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prompt.Trim())));

    public static MemoryStream File(params string[] lines) => new(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));

    public static string Line(string prompt, string? label = null, string response = "an answer", string? judge = null, string? reasoning = null)
    {
        var fields = new List<string> { $"\"prompt\":{Json(prompt)}", $"\"response\":{Json(response)}" };
        if (label is not null)
        {
            fields.Add($"\"label\":{Json(label)}");
        }
        if (judge is not null)
        {
            fields.Add($"\"judge_output\":{Json(judge)}");
        }
        if (reasoning is not null)
        {
            fields.Add($"\"reasoning\":{Json(reasoning)}");
        }
        return "{" + string.Join(",", fields) + "}";
    }

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
