using BenchmarkDotNet.Running;

namespace FalseReject.Benchmarks;

/// <summary>
/// With a driver's verb first, runs that driver; otherwise hands the arguments to
/// BenchmarkDotNet (e.g. <c>-- --filter '*QueryGrid*'</c>, or <c>-- --list flat</c>).
/// <c>-- --list-drivers</c> lists the drivers.
/// </summary>
public static class BenchmarksProgram
{
    public static async Task<int> Main(string[] args)
    {
        var drivers = typeof(BenchmarksProgram).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBenchmarkDriver).IsAssignableFrom(t))
            .Select(t => (IBenchmarkDriver)Activator.CreateInstance(t)!)
            .OrderBy(d => d.Verb, StringComparer.Ordinal)
            .ToList();

        if (args is ["--list-drivers"])
        {
            foreach (var d in drivers)
            {
                Console.WriteLine($"{d.Verb,-16} {d.Description}");
            }
            return 0;
        }

        var driver = args.Length > 0 ? drivers.FirstOrDefault(d => d.Verb == args[0]) : null;
        if (driver is not null)
        {
            using var cts = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
            return await driver.RunAsync(args[1..], Console.Out, cts.Token);
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarksProgram).Assembly).Run(args);
        return 0;
    }
}
