using System.CommandLine;
using System.Globalization;
using Microsoft.AspNetCore.Components.Authorization;
using FalseReject.Web.Features.Runs;

namespace FalseReject.Web.Cli;

/// <summary><c>runs import</c> and <c>runs list</c>.</summary>
internal static class RunCommands
{
    public static Command Build(TextWriter output)
    {
        var runs = new Command("runs", "Benchmark runs: a model's judged responses to a dataset's prompts.");
        runs.Subcommands.Add(BuildImport(output));
        runs.Subcommands.Add(BuildList(output));
        return runs;
    }

    private static Command BuildImport(TextWriter output)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The run file: JSONL with prompt, response and optional reasoning, label, judge_output (see the README)." };
        var dataset = new Option<string>("--dataset") { Description = "The dataset the prompts belong to.", Required = true };
        var model = new Option<string>("--model") { Description = "The evaluated model's name (created when new).", Required = true };
        var openWeights = new Option<bool>("--open-weights") { Description = "The model has open weights (a new model is closed otherwise)." };
        var reasoning = new Option<bool>("--reasoning") { Description = "The model is a reasoning model." };
        var judge = new Option<string?>("--judge") { Description = "The judge model that produced the labels." };
        var provider = new Option<string?>("--provider") { Description = "The model's provider." };
        var judgePrompt = new Option<string?>("--judge-prompt-version") { Description = "The judge prompt's version." };
        var temperature = new Option<string?>("--temperature") { Description = "The evaluated model's sampling temperature (a number, e.g. 0.7)." };
        var date = new Option<string?>("--date") { Description = "When the responses were generated (yyyy-MM-dd); today by default." };
        var notes = new Option<string?>("--notes") { Description = "Free-text notes." };
        var import = new Command("import", "Import a run file into a dataset, all or nothing.")
        {
            file, dataset, model, openWeights, reasoning, judge, provider, judgePrompt, temperature, date, notes,
        };
        import.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"No such file: {path.FullName}");
                return 1;
            }
            var runDate = RunImportService.ReadRunDate(parse.GetValue(date));
            var temperatureValue = RunImportService.ReadTemperature(parse.GetValue(temperature));
            if ((runDate.Error ?? temperatureValue.Error) is { } unreadable)
            {
                await Console.Error.WriteLineAsync($"--{(unreadable.Field == "runDate" ? "date" : "temperature")}: {unreadable.Message}");
                return 1;
            }
            using var host = await CliApp.StartHostAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            await using var stream = path.OpenRead();
            var result = await scope.ServiceProvider.GetRequiredService<RunImportService>().ImportAsync(stream,
                new RunImportRequest(parse.GetValue(dataset)!, parse.GetValue(model)!)
                {
                    OpenWeights = parse.GetValue(openWeights),
                    Reasoning = parse.GetValue(reasoning),
                    JudgeModel = parse.GetValue(judge),
                    Provider = parse.GetValue(provider),
                    JudgePromptVersion = parse.GetValue(judgePrompt),
                    Temperature = temperatureValue.Value,
                    RunDate = runDate.Value,
                    Notes = parse.GetValue(notes),
                    SourceFile = path.Name,
                }, null, ct);
            if (!result.Succeeded)
            {
                await Console.Error.WriteLineAsync($"Nothing was imported from {path.Name}:");
                foreach (var error in result.Errors)
                {
                    await Console.Error.WriteLineAsync($"  {error}");
                }
                return 1;
            }
            await output.WriteLineAsync($"Imported run {result.RunId}: {result.Items} responses ({result.Unjudged} unjudged) of {parse.GetValue(model)} on {parse.GetValue(dataset)}.");
            return 0;
        });
        return import;
    }

    private static Command BuildList(TextWriter output)
    {
        var dataset = new Option<string?>("--dataset") { Description = "Only runs on this dataset." };
        var list = new Command("list", "List runs, newest first.") { dataset };
        list.SetAction(async (parse, ct) =>
        {
            using var host = await CliApp.StartHostAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            var runs = await scope.ServiceProvider.GetRequiredService<RunService>().ListAsync(parse.GetValue(dataset), ct);
            await output.WriteLineAsync($"{"ID",-6} {"MODEL",-32} {"DATASET",-32} {"DATE",-10} {"ITEMS",6} {"UNJUDGED",8} JUDGE");
            foreach (var r in runs)
            {
                await output.WriteLineAsync(
                    $"{r.Id,-6} {r.Model,-32} {r.Dataset,-32} {r.RunDate:yyyy-MM-dd} {r.Items,6} {r.Unjudged,8} {r.JudgeModel}{(r.IsSyntheticDemo ? " (synthetic demo)" : "")}".TrimEnd());
            }
            return 0;
        });
        return list;
    }
}
