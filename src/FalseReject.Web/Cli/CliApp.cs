using System.CommandLine;
using FalseReject.Web.Data;
using FalseReject.Web.Security;

namespace FalseReject.Web.Cli;

/// <summary>
/// The command line of the same executable. It reads the same configuration (the repository
/// root's appsettings.json, appsettings.{Environment}.json, environment variables) and opens the
/// same store as the web app, after applying its migrations.
/// </summary>
public static class CliApp
{
    private static readonly string[] HelpTokens = ["--help", "-h", "-?", "/?", "--version"];

    /// <summary>
    /// True when <paramref name="args"/> start with a word (a verb, known or mistyped) or ask for
    /// help; only no arguments, or options and settings alone (<c>--urls …</c>, <c>Key=value</c>),
    /// start the web app. A mistyped verb (<c>dataset import</c>) therefore gets "unknown command"
    /// with the list of verbs and a non-zero exit instead of a web server.
    /// </summary>
    public static bool IsCliInvocation(string[] args) =>
        args.Length > 0 && (HelpTokens.Contains(args[0]) || IsWord(args[0]));

    private static bool IsWord(string arg) =>
        arg.Length > 0 && arg[0] is not ('-' or '/') && !arg.Contains('=', StringComparison.Ordinal);

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, CancellationToken cancellationToken = default)
    {
        var root = BuildRoot(output ?? Console.Out);
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output ?? Console.Out }, cancellationToken);
    }

    internal static RootCommand BuildRoot(TextWriter output)
    {
        var root = new RootCommand("FalseReject: with a verb, runs that command against the configured store; with none, starts the web app.");
        root.Subcommands.Add(UserCommands.Build(output));
        root.Subcommands.Add(RunCommands.Build(output));
        root.Subcommands.Add(DatasetCommands.Build(output));
        root.Subcommands.Add(TokenCommands.Build(output));
        root.Subcommands.Add(EndpointCommands.Build(output));
        return root;
    }

    /// <summary>
    /// A host with the app's configuration, store and Identity services, but no web server. The
    /// CLI acts as the local operator: an administrator of its own machine's store.
    /// </summary>
    internal static async Task<IHost> StartHostAsync(CancellationToken cancellationToken)
    {
        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? Environments.Production;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = ContentRoot.Find(),
            EnvironmentName = environment,
            ApplicationName = typeof(CliApp).Assembly.GetName().Name,
        });
        builder.Configuration.AddEnvironmentVariables("ASPNETCORE_");
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter((category, level) => level >= LogLevel.Warning);

        builder.AddFalseRejectData();
        // SignInManager (used by the user verbs through the shared services) needs the scheme
        // provider; the Development host validates that on build.
        builder.Services.AddAuthentication();
        builder.Services.AddFalseRejectIdentityCore();
        builder.Services.AddSingleton<ICurrentCaller>(FixedCaller.LocalOperator);
        builder.Services.AddFalseRejectFeatures();

        var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
        return host;
    }
}
