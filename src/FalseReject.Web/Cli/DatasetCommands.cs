using System.CommandLine;
using System.Globalization;
using System.Security.Claims;
using FalseReject.Web.Features.Datasets;
using FalseReject.Web.Features.Datasets.Import;
using FalseReject.Web.Security;

namespace FalseReject.Web.Cli;

/// <summary><c>datasets import FILE --name NAME</c> and <c>datasets list</c>.</summary>
internal static class DatasetCommands
{
    /// <summary>The CLI's operator, as the import service sees it (see <see cref="LocalOperatorAuthenticationStateProvider"/>).</summary>
    private static readonly ClaimsPrincipal Operator = new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, "cli"), new Claim(ClaimTypes.Role, Roles.Admin)], authenticationType: "LocalOperator"));

    public static Command Build(TextWriter output)
    {
        var datasets = new Command("datasets", "Import and list datasets of queries.");
        datasets.Subcommands.Add(BuildImport(output));
        datasets.Subcommands.Add(BuildList(output));
        return datasets;
    }

    private static Command BuildImport(TextWriter output)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A JSONL file in the Hugging Face FalseReject schema, or a CSV file with a header row." };
        var name = new Option<string>("--name") { Description = "The dataset to create, or to append to when it exists.", Required = true };
        var description = new Option<string?>("--description") { Description = "A description for a new dataset." };
        var format = new Option<string?>("--format") { Description = "jsonl or csv; by default from the file's extension (.csv is CSV, anything else JSONL)." };
        format.AcceptOnlyFromAmong("jsonl", "csv");
        var import = new Command("import", "Import a JSONL or CSV file into a new or an existing dataset (all or nothing).") { file, name, description, format };
        import.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"No such file: {path.FullName}");
                return 1;
            }
            var chosen = parse.GetValue(format) switch
            {
                "jsonl" => ImportFormat.Jsonl,
                "csv" => ImportFormat.Csv,
                _ => ImportFormat.Auto,
            };

            using var host = await CliApp.StartHostAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            var importer = scope.ServiceProvider.GetRequiredService<DatasetImportService>();
            await using var stream = new FileStream(path.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var result = await importer.ImportAsync(Operator, stream,
                new DatasetImportRequest(parse.GetValue(name)!, parse.GetValue(description), path.Name, chosen, path.Name), cancellationToken: ct);

            if (!result.Succeeded)
            {
                await output.WriteLineAsync($"Nothing was imported into '{result.DatasetName}': {path.Name} has problems.");
                foreach (var problem in result.Problems)
                {
                    await output.WriteLineAsync($"  {problem}");
                }
                if (result.MoreProblems > 0)
                {
                    await output.WriteLineAsync($"  and {result.MoreProblems} more.");
                }
                return 1;
            }
            await output.WriteLineAsync(
                $"Imported {result.Imported} queries into {(result.CreatedDataset ? "the new" : "the existing")} dataset '{result.DatasetName}' " +
                $"({(result.CreatedDataset ? "created" : "appended")}); {result.DuplicatesSkipped} duplicate prompts skipped.");
            if (result.DuplicatesSkipped > 0)
            {
                var shown = result.DuplicateLines.Take(20).ToList();
                await output.WriteLineAsync(
                    $"  Duplicates at lines {string.Join(", ", shown)}{(result.DuplicatesSkipped > shown.Count ? $" and {result.DuplicatesSkipped - shown.Count} more" : "")}.");
            }
            return 0;
        });
        return import;
    }

    private static Command BuildList(TextWriter output)
    {
        var list = new Command("list", "List datasets with their row counts.");
        list.SetAction(async (parse, ct) =>
        {
            using var host = await CliApp.StartHostAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            var datasets = await scope.ServiceProvider.GetRequiredService<DatasetService>().ListAsync(Operator, ct);
            await output.WriteLineAsync($"{"NAME",-40} {"ROWS",8} {"WITH RESPONSES",15} CREATED");
            foreach (var d in datasets)
            {
                await output.WriteLineAsync(
                    $"{d.Name,-40} {d.QueryCount,8} {d.WithResponsesCount,15} {d.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC");
            }
            return 0;
        });
        return list;
    }
}
