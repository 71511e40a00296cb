using System.Diagnostics;

namespace FalseReject.Benchmarks;

/// <summary>Samples the process's working set and GC heap every 20 ms while a measured operation runs (import, export).</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Timer _timer;
    private readonly long _allocatedBefore = GC.GetTotalAllocatedBytes();
    private readonly Process _process = Process.GetCurrentProcess();

    public MemorySampler() => _timer = new Timer(_ => Sample(), null, 0, 20);

    public long MaxWorkingSet { get; private set; }

    public long MaxHeap { get; private set; }

    public long Allocated { get; private set; }

    private void Sample()
    {
        lock (_timer)
        {
            _process.Refresh();
            MaxWorkingSet = Math.Max(MaxWorkingSet, _process.WorkingSet64);
            MaxHeap = Math.Max(MaxHeap, GC.GetTotalMemory(false));
        }
    }

    public void Stop()
    {
        _timer.Change(Timeout.Infinite, Timeout.Infinite);
        Sample();
        Allocated = GC.GetTotalAllocatedBytes() - _allocatedBefore;
    }

    public void Dispose() => _timer.Dispose();
}
