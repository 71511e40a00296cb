using System.CommandLine;
using System.Globalization;
using FalseReject.Web.Features.Datasets;
using FalseReject.Web.Features.Datasets.Export;
using FalseReject.Web.Features.Datasets.Import;
using FalseReject.Web.Security;

namespace FalseReject.Web.Cli;

/// <summary><c>datasets import FILE --name NAME</c>, <c>datasets list</c> and <c>datasets export NAME --out FILE</c>.</summary>
internal static class DatasetCommands
{

    public static Command Build(TextWriter output)
    {
        var datasets = new Command("datasets", "Import, list and export datasets of queries.");
        datasets.Subcommands.Add(BuildImport(output));
        datasets.Subcommands.Add(BuildList(output));
        datasets.Subcommands.Add(BuildExport(output));
        return datasets;
    }

    private static Command BuildImport(TextWriter output)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A JSONL file in the Hugging Face FalseReject schema, or a CSV file with a header row." };
        var name = new Option<string>("--name") { Description = "The dataset to create, or to append to when it exists.", Required = true };
        var description = new Option<string?>("--description") { Description = "A description for a new dataset." };
        var format = new Option<string?>("--format") { Description = "jsonl or csv; by default from the file's extension (.csv is CSV, anything else JSONL)." };
        format.AcceptOnlyFromAmong("jsonl", "csv");
        var ignoreCase = new Option<bool>("--ignore-case")
        {
            Description = "Treat prompts that differ only in letter case as duplicates. Prompts are always compared after Unicode NFC, " +
                "with white space runs made one space and zero-width characters removed.",
        };
        var import = new Command("import", "Import a JSONL or CSV file into a new or an existing dataset (all or nothing).") { file, name, description, format, ignoreCase };
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
            var result = await importer.ImportAsync(stream,
                new DatasetImportRequest(parse.GetValue(name)!, parse.GetValue(description), path.Name, chosen, path.Name, parse.GetValue(ignoreCase)),
                cancellationToken: ct);

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
                $"({(result.CreatedDataset ? "created" : "appended")}); {result.DuplicatesSkipped} duplicate prompts skipped{(parse.GetValue(ignoreCase) ? " (case ignored)" : "")}.");
            var shown = result.Duplicates.Take(20).ToList();
            foreach (var duplicate in shown)
            {
                await output.WriteLineAsync($"  {duplicate}");
            }
            if (result.DuplicatesSkipped > shown.Count)
            {
                await output.WriteLineAsync($"  and {result.DuplicatesSkipped - shown.Count} more.");
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
            var datasets = await scope.ServiceProvider.GetRequiredService<DatasetService>().ListAsync(ct);
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

    private static Command BuildExport(TextWriter output)
    {
        var name = new Argument<string>("NAME") { Description = "The dataset to export." };
        var file = new Option<FileInfo>("--out") { Description = "The file to write (replaced when it exists; written only when the export succeeds).", Required = true };
        var format = new Option<string?>("--format") { Description = "jsonl or csv; by default from the --out file's extension (.csv is CSV, .jsonl JSONL)." };
        var kind = new Option<string?>("--kind")
        {
            Description = "full (every query with gold label, provenance, vote counts and agreement; the default) or " +
                "verified-benign (queries settled Safe, with exactly prompt, category, category_text).",
        };
        var csvRaw = new Option<bool>("--csv-raw")
        {
            Description = "Write CSV cells exactly as stored. By default a cell that starts like a spreadsheet formula (=, +, -, @, tab, CR) " +
                "gets a single quote in front; raw cells re-import to the same prompts.",
        };
        var export = new Command("export", "Export a dataset with its gold labels as JSONL or CSV.") { name, file, format, kind, csvRaw };
        export.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            var formatText = parse.GetValue(format);
            var extension = Path.GetExtension(path.Name).TrimStart('.');
            var chosenFormat = ExportNames.ParseFormat(formatText, fallback: ExportNames.ParseFormat(extension, fallback: null));
            if (chosenFormat is not { } f)
            {
                await Console.Error.WriteLineAsync(formatText is null
                    ? $"Cannot tell the format from '{path.Name}': give --format {ExportNames.Jsonl} or --format {ExportNames.Csv}."
                    : ExportNames.BadFormatMessage(formatText));
                return 2;
            }
            if (ExportNames.ParseKind(parse.GetValue(kind)) is not { } k)
            {
                await Console.Error.WriteLineAsync(ExportNames.BadKindMessage(parse.GetValue(kind)));
                return 2;
            }
            if (path.Directory is { Exists: false } folder)
            {
                await Console.Error.WriteLineAsync($"No such folder: {folder.FullName}");
                return 1;
            }

            using var host = await CliApp.StartHostAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            var exports = scope.ServiceProvider.GetRequiredService<DatasetExportService>();
            var datasetName = parse.GetValue(name)!;
            if (await exports.FindAsync(datasetName, ct) is not { } dataset)
            {
                await Console.Error.WriteLineAsync($"There is no dataset named '{datasetName}' (see datasets list).");
                return 1;
            }

            // Written next to the target and moved over it at the end, so a failure leaves no partial file.
            var partial = path.FullName + ".partial";
            int rows;
            try
            {
                await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
                {
                    rows = await exports.WriteAsync(dataset, k, f, stream, parse.GetValue(csvRaw), ct);
                }
                File.Move(partial, path.FullName, overwrite: true);
            }
            catch
            {
                File.Delete(partial);
                throw;
            }
            await output.WriteLineAsync($"Exported {rows} {(k == ExportKind.VerifiedBenign ? "verified benign queries" : "queries")} of '{dataset.Name}' " +
                $"({k.Name()}, {f.Name()}) to {path.FullName}.");
            return 0;
        });
        return export;
    }
}
