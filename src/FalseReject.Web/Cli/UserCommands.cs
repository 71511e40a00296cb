using System.CommandLine;
using FalseReject.Web.Features.Admin;

namespace FalseReject.Web.Cli;

/// <summary><c>users add</c> and <c>users list</c>.</summary>
internal static class UserCommands
{
    public static Command Build(TextWriter output)
    {
        var users = new Command("users", "Manage accounts.");
        users.Subcommands.Add(BuildAdd(output));
        users.Subcommands.Add(BuildList(output));
        return users;
    }

    private static Command BuildAdd(TextWriter output)
    {
        var email = new Option<string>("--email") { Description = "The user's e-mail address (also the login name).", Required = true };
        var password = new Option<string>("--password") { Description = "The initial password (at least 10 characters, upper and lower case, a digit and a symbol).", Required = true };
        var roles = new Option<string[]>("--role") { Description = "A role to grant: Admin, Reviewer or Annotator. Repeat for several.", Arity = ArgumentArity.ZeroOrMore };
        var name = new Option<string?>("--name") { Description = "Display name." };
        var add = new Command("add", "Create a user.") { email, password, roles, name };
        add.SetAction(async (parse, ct) =>
        {
            using var host = await CliApp.StartHostAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<UserAdminService>();
            var result = await service.CreateAsync(new NewUser(
                parse.GetValue(email)!, parse.GetValue(password)!, parse.GetValue(name), parse.GetValue(roles) ?? []), ct);
            if (!result.Succeeded)
            {
                await Console.Error.WriteLineAsync($"Could not create the user: {string.Join(" ", result.Errors)}");
                return 1;
            }
            var granted = parse.GetValue(roles) is { Length: > 0 } r ? string.Join(", ", r) : "no roles";
            await output.WriteLineAsync($"Created {parse.GetValue(email)} ({granted}).");
            return 0;
        });
        return add;
    }

    private static Command BuildList(TextWriter output)
    {
        var list = new Command("list", "List users with their roles and status.");
        list.SetAction(async (parse, ct) =>
        {
            using var host = await CliApp.StartHostAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            var users = await scope.ServiceProvider.GetRequiredService<UserAdminService>().ListAsync(ct);
            await output.WriteLineAsync($"{"EMAIL",-40} {"ROLES",-28} {"STATUS",-10} DEMO");
            foreach (var u in users)
            {
                await output.WriteLineAsync(
                    $"{u.Email,-40} {string.Join(",", u.Roles),-28} {u.Status.ToString().ToLowerInvariant(),-10} {(u.IsDemo ? "demo" : "")}".TrimEnd());
            }
            return 0;
        });
        return list;
    }
}
