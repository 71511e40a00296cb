using BenchmarkDotNet.Attributes;

namespace FalseReject.Benchmarks;

/// <summary>Importing one 1,187-line run file (parse, match every prompt, one transaction). Target: ≤ 300 ms.</summary>
[MemoryDiagnoser]
public class RunImportBenchmarks
{
    private RunStore _store = null!;
    private byte[] _file = [];
    private int _n;

    [GlobalSetup]
    public void Setup()
    {
        _store = RunStore.CreateAsync(runs: 0).GetAwaiter().GetResult();
        _file = RunStore.RunFile(seed: 7);
    }

    [GlobalCleanup]
    public void Cleanup() => _store.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public async Task<int> Import1187Lines()
    {
        var result = await _store.ImportAsync($"Imported {_n++}", _file);
        return result.Succeeded ? result.Items : throw new InvalidOperationException(string.Join("; ", result.Errors));
    }
}
