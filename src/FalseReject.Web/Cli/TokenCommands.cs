using System.CommandLine;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using FalseReject.Web.Data;
using FalseReject.Web.Security.ApiTokens;

namespace FalseReject.Web.Cli;

/// <summary><c>tokens create</c>, <c>tokens list</c> and <c>tokens revoke</c>: personal API tokens.</summary>
internal static class TokenCommands
{
    public static Command Build(TextWriter output)
    {
        var tokens = new Command("tokens", "Manage personal API tokens (sent as Authorization: Bearer ...).");
        tokens.Subcommands.Add(BuildCreate(output));
        tokens.Subcommands.Add(BuildList(output));
        tokens.Subcommands.Add(BuildRevoke(output));
        return tokens;
    }

    private static Option<string> EmailOption(string description) =>
        new("--email") { Description = description, Required = true };

    private static Command BuildCreate(TextWriter output)
    {
        var email = EmailOption("The e-mail address of the account the token acts as.");
        var name = new Option<string?>("--name") { Description = "What the token is for (default: \"cli\")." };
        var days = new Option<int?>("--expires-in-days") { Description = $"Expire the token after this many days, 1 to {ApiTokenService.MaxExpiresInDays} (default: never)." };
        var create = new Command("create", "Create a token and print it (shown once; only its hash is stored).") { email, name, days };
        create.SetAction(async (parse, ct) =>
        {
            // Checked before the date is computed: a huge number of days is past the year 9999.
            if (parse.GetValue(days) is < 1 or > ApiTokenService.MaxExpiresInDays)
            {
                await Console.Error.WriteLineAsync($"--expires-in-days must be from 1 to {ApiTokenService.MaxExpiresInDays} ({ApiTokenService.ExpiryRule}; leave it out for never).");
                return 1;
            }
            using var host = await CliApp.StartHostAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            if (await FindUserIdAsync(scope.ServiceProvider, parse.GetValue(email)!) is not { } userId)
            {
                return 1;
            }
            var expiresAt = parse.GetValue(days) is { } d ? DateTimeOffset.UtcNow.AddDays(d) : (DateTimeOffset?)null;
            var tokenName = parse.GetValue(name) is { Length: > 0 } n ? n : "cli";
            CreatedApiToken created;
            try
            {
                created = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync(userId, tokenName, expiresAt, ct);
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync($"Could not create the token: {ex.Message}");
                return 1;
            }
            // The token alone on the first line, so scripts can capture it: TOKEN=$(... | head -1).
            await output.WriteLineAsync(created.Plaintext);
            await Console.Error.WriteLineAsync(
                $"Created token {created.Token.Id} \"{created.Token.Name}\" for {parse.GetValue(email)}. It is shown only now; store it safely.");
            return 0;
        });
        return create;
    }

    private static Command BuildList(TextWriter output)
    {
        var email = EmailOption("The account whose tokens to list.");
        var list = new Command("list", "List an account's tokens (never their secrets).") { email };
        list.SetAction(async (parse, ct) =>
        {
            using var host = await CliApp.StartHostAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            if (await FindUserIdAsync(scope.ServiceProvider, parse.GetValue(email)!) is not { } userId)
            {
                return 1;
            }
            var tokens = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().ListAsync(userId, ct);
            var now = DateTimeOffset.UtcNow;
            await output.WriteLineAsync($"{"ID",-6} {"NAME",-24} {"PREFIX",-22} {"CREATED",-17} {"LAST USED",-17} STATUS");
            foreach (var t in tokens)
            {
                var status = t.RevokedAt is not null ? "revoked" : t.IsActiveAt(now) ? "active" : "expired";
                await output.WriteLineAsync(
                    $"{t.Id,-6} {t.Name,-24} {t.Prefix,-22} {Format(t.CreatedAt),-17} {Format(t.LastUsedAt),-17} {status}");
            }
            return 0;
        });
        return list;
    }

    private static Command BuildRevoke(TextWriter output)
    {
        var id = new Option<int>("--id") { Description = "The token's id (see tokens list).", Required = true };
        var revoke = new Command("revoke", "Revoke a token: it stops working at once.") { id };
        revoke.SetAction(async (parse, ct) =>
        {
            using var host = await CliApp.StartHostAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            if (!await scope.ServiceProvider.GetRequiredService<ApiTokenService>().RevokeAsync(parse.GetValue(id), ct))
            {
                await Console.Error.WriteLineAsync($"There is no active token with id {parse.GetValue(id)}.");
                return 1;
            }
            await output.WriteLineAsync($"Revoked token {parse.GetValue(id)}.");
            return 0;
        });
        return revoke;
    }

    private static async Task<string?> FindUserIdAsync(IServiceProvider services, string email)
    {
        var user = await services.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email.Trim());
        if (user is null)
        {
            await Console.Error.WriteLineAsync($"There is no user with the e-mail {email}.");
        }
        return user?.Id;
    }

    private static string Format(DateTimeOffset? at) =>
        at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "never";
}
