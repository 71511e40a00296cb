using FalseReject.Web.Cli;

namespace FalseReject.Web.Tests.Cli;

/// <summary><c>users add/list</c> against a real store file (see <see cref="CliStoreTest"/>).</summary>
[Collection(CliCollection.Name)]
public sealed class UserCommandsTests() : CliStoreTest("cli-admin@example.org")
{
    [Fact]
    public async Task UsersAdd_CreatesAUserWithRoles_ThatUsersListShows()
    {
        var (exit, output) = await RunAsync("users", "add", "--email", "a@example.org", "--password", "Cli-User-Pass-1", "--role", "Annotator", "--role", "Reviewer");
        Assert.Equal(0, exit);
        Assert.Contains("Created a@example.org (Annotator, Reviewer)", output);
        Assert.True(File.Exists(DatabasePath), "The CLI wrote to the configured store.");

        (exit, output) = await RunAsync("users", "list");
        Assert.Equal(0, exit);
        var line = output.Split('\n').Single(l => l.StartsWith("a@example.org", StringComparison.Ordinal));
        Assert.Contains("Reviewer,Annotator", line);
        Assert.Contains("active", line);
        Assert.Contains(output.Split('\n'), l => l.StartsWith("cli-admin@example.org", StringComparison.Ordinal) && l.Contains("Admin"));
    }

    [Fact]
    public async Task UsersAdd_FailsWithExitCode1_OnAWeakPassword()
    {
        var (exit, _) = await RunAsync("users", "add", "--email", "b@example.org", "--password", "weak", "--role", "Annotator");
        Assert.Equal(1, exit);
        var (_, list) = await RunAsync("users", "list");
        Assert.DoesNotContain("b@example.org", list);
    }

    [Fact]
    public async Task UsersList_Works_InTheDevelopmentEnvironment_WhereTheHostValidatesItsServices()
    {
        // `dotnet run` uses the Development launch profile, whose host validates every
        // registration on build: the CLI's service graph must be complete.
        Environment.SetEnvironmentVariable("DOTNET_ENVIRONMENT", "Development");
        try
        {
            var (exit, output) = await RunAsync("users", "list");
            Assert.Equal(0, exit);
            Assert.Contains("cli-admin@example.org", output);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOTNET_ENVIRONMENT", null);
        }
    }

    [Fact]
    public async Task UsersAdd_RequiresAnEmail()
    {
        var (exit, _) = await RunAsync("users", "add", "--password", "Cli-User-Pass-1");
        Assert.NotEqual(0, exit);
    }

    [Theory]
    [InlineData(new[] { "users", "list" }, true)]
    [InlineData(new[] { "--help" }, true)]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "--urls", "http://127.0.0.1:5999" }, false)]
    [InlineData(new[] { "--Seed:Demo=true" }, false)]
    [InlineData(new[] { "Seed:Demo=true" }, false)]
    [InlineData(new[] { "dataset", "import" }, true)]
    [InlineData(new[] { "serve" }, true)]
    public void OnlyOptionsAndSettingsStartTheWebApp_AnyWordRunsTheCli(string[] args, bool cli) =>
        Assert.Equal(cli, CliApp.IsCliInvocation(args));

    [Fact]
    public async Task AMistypedVerb_AnswersUnknownCommand_WithTheVerbs_AndANonZeroExit()
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        int exit;
        string output;
        try
        {
            (exit, output) = await RunAsync("dataset", "import", "file.jsonl");
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.NotEqual(0, exit);
        var said = output + error;
        Assert.Contains("dataset", said);
        foreach (var verb in new[] { "users", "runs", "datasets", "tokens", "endpoints" })
        {
            Assert.Contains(verb, said);
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliCollection
{
    public const string Name = "CLI (process environment)";
}
