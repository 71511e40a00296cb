using System.CommandLine;
using FalseReject.Web.Data.Entities;
using FalseReject.Web.Features.Endpoints;

namespace FalseReject.Web.Cli;

/// <summary><c>endpoints add/list/test/remove</c>. The key comes from an environment variable or stdin, never an argument, and is never printed.</summary>
internal static class EndpointCommands
{
    public static Command Build(TextWriter output)
    {
        var endpoints = new Command("endpoints", "Manage the OpenAI-compatible model endpoints runs and judges call.");
        endpoints.Subcommands.Add(BuildAdd(output));
        endpoints.Subcommands.Add(BuildList(output));
        endpoints.Subcommands.Add(BuildTest(output));
        endpoints.Subcommands.Add(BuildRemove(output));
        return endpoints;
    }

    private static Command BuildAdd(TextWriter output)
    {
        var name = new Option<string>("--name") { Description = "A unique name (letters, digits, . _ -).", Required = true };
        var url = new Option<string>("--base-url") { Description = "The base URL including /v1, e.g. http://localhost:8000/v1.", Required = true };
        var model = new Option<string>("--model") { Description = "The model id sent as \"model\".", Required = true };
        var keyEnv = new Option<string?>("--api-key-env") { Description = "Read the API key from this environment variable." };
        var keyStdin = new Option<bool>("--api-key-stdin") { Description = "Read the API key from the first line of standard input." };
        var field = new Option<string>("--max-tokens-field") { Description = "max_tokens (vLLM, Ollama, llama.cpp) or max_completion_tokens (OpenAI).", DefaultValueFactory = _ => "max_tokens" };
        var extra = new Option<string?>("--extra-json") { Description = "A JSON object merged into every request body." };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at most.", DefaultValueFactory = _ => 8 };
        var rpm = new Option<int?>("--requests-per-minute") { Description = "Requests per minute at most (default: no limit)." };
        var tpm = new Option<int?>("--tokens-per-minute") { Description = "Tokens per minute at most (default: no limit)." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds per attempt.", DefaultValueFactory = _ => 120 };
        var add = new Command("add", "Add an endpoint.") { name, url, model, keyEnv, keyStdin, field, extra, concurrency, rpm, tpm, timeout };
        add.SetAction(async (parse, ct) =>
        {
            var fieldValue = parse.GetValue(field)!.Trim().ToLowerInvariant() switch
            {
                "max_tokens" => MaxTokensField.MaxTokens,
                "max_completion_tokens" => MaxTokensField.MaxCompletionTokens,
                _ => (MaxTokensField?)null,
            };
            if (fieldValue is null)
            {
                await Console.Error.WriteLineAsync("--max-tokens-field must be max_tokens or max_completion_tokens.");
                return 1;
            }
            string? key = null;
            if (parse.GetValue(keyEnv) is { Length: > 0 } variable)
            {
                key = Environment.GetEnvironmentVariable(variable);
                if (string.IsNullOrWhiteSpace(key))
                {
                    await Console.Error.WriteLineAsync($"The environment variable {variable} is not set or empty.");
                    return 1;
                }
            }
            else if (parse.GetValue(keyStdin))
            {
                key = await Console.In.ReadLineAsync(ct);
                if (string.IsNullOrWhiteSpace(key))
                {
                    await Console.Error.WriteLineAsync("No API key on standard input.");
                    return 1;
                }
            }
            using var host = await CliApp.StartHostAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<EndpointService>().CreateAsync(new EndpointInput
            {
                Name = parse.GetValue(name)!,
                BaseUrl = parse.GetValue(url)!,
                ModelId = parse.GetValue(model)!,
                MaxTokensField = fieldValue.Value,
                ExtraBodyJson = parse.GetValue(extra),
                ConcurrencyLimit = parse.GetValue(concurrency),
                RequestsPerMinute = parse.GetValue(rpm),
                TokensPerMinute = parse.GetValue(tpm),
                TimeoutSeconds = parse.GetValue(timeout),
                KeyChange = key is null ? ApiKeyChange.Keep : ApiKeyChange.Replace,
                ApiKey = key,
            }, ct);
            if (!result.Succeeded)
            {
                await Console.Error.WriteLineAsync($"Could not add the endpoint: {string.Join(" ", result.Errors)}");
                return 1;
            }
            await output.WriteLineAsync($"Added endpoint {result.Endpoint!.Name} ({result.Endpoint.BaseUrl}, {result.Endpoint.ModelId}; key {(result.Endpoint.HasApiKey ? "set" : "none")}).");
            return 0;
        });
        return add;
    }

    private static Command BuildList(TextWriter output)
    {
        var list = new Command("list", "List the endpoints (never their keys).");
        list.SetAction(async (parse, ct) =>
        {
            using var host = await CliApp.StartHostAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            var endpoints = await scope.ServiceProvider.GetRequiredService<EndpointService>().ListAsync(ct);
            await output.WriteLineAsync($"{"NAME",-24} {"MODEL",-30} {"KEY",-5} {"CONC",-5} {"FIELD",-22} BASE URL");
            foreach (var e in endpoints)
            {
                var field = e.MaxTokensField == MaxTokensField.MaxCompletionTokens ? "max_completion_tokens" : "max_tokens";
                await output.WriteLineAsync($"{e.Name,-24} {e.ModelId,-30} {(e.HasApiKey ? "set" : "none"),-5} {e.ConcurrencyLimit,-5} {field,-22} {e.BaseUrl}");
            }
            return 0;
        });
        return list;
    }

    private static Command BuildTest(TextWriter output)
    {
        var name = new Option<string>("--name") { Description = "The endpoint to test.", Required = true };
        var test = new Command("test", "Send one short request and print the latency and the answer, or the endpoint's error.") { name };
        test.SetAction(async (parse, ct) =>
        {
            using var host = await CliApp.StartHostAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<EndpointService>().TestAsync(parse.GetValue(name)!, ct);
            if (result is null)
            {
                await Console.Error.WriteLineAsync($"There is no endpoint named {parse.GetValue(name)}.");
                return 1;
            }
            if (!result.Succeeded)
            {
                await Console.Error.WriteLineAsync($"{result.Error} ({result.LatencyMs} ms, {result.Attempts} attempt(s))");
                return 1;
            }
            await output.WriteLineAsync($"OK in {result.LatencyMs} ms ({result.Model}, finish {result.FinishReason}): {result.Answer}");
            return 0;
        });
        return test;
    }

    private static Command BuildRemove(TextWriter output)
    {
        var name = new Option<string>("--name") { Description = "The endpoint to remove.", Required = true };
        var remove = new Command("remove", "Remove an endpoint.") { name };
        remove.SetAction(async (parse, ct) =>
        {
            using var host = await CliApp.StartHostAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            if (!await scope.ServiceProvider.GetRequiredService<EndpointService>().DeleteAsync(parse.GetValue(name)!, ct))
            {
                await Console.Error.WriteLineAsync($"There is no endpoint named {parse.GetValue(name)}.");
                return 1;
            }
            await output.WriteLineAsync($"Removed endpoint {parse.GetValue(name)}.");
            return 0;
        });
        return remove;
    }
}
