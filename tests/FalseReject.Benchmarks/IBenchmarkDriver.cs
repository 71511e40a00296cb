namespace FalseReject.Benchmarks;

/// <summary>
/// A measurement that BenchmarkDotNet cannot express well (peak working set over a whole import,
/// a load run against a live server). Each driver is one verb of this program:
/// <c>dotnet run -c Release --project tests/FalseReject.Benchmarks -- VERB [args]</c>.
/// Drivers print their figures; they assert nothing.
/// </summary>
public interface IBenchmarkDriver
{
    /// <summary>The verb on the command line, e.g. <c>import</c>.</summary>
    string Verb { get; }

    /// <summary>One line for the list printed by <c>--list-drivers</c>.</summary>
    string Description { get; }

    Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken);
}
