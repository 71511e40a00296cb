namespace FalseReject.Web.Components.Shared;

/// <summary>
/// An import's byte progress for a page: every report is kept, the page re-renders at most every
/// 100 ms (an import reports once per 64 KB block, thousands of times for a large file).
/// </summary>
public sealed class ThrottledProgress(Action<long> keep, Func<Task> render) : IProgress<long>
{
    private long _lastRender;

    public void Report(long value)
    {
        keep(value);
        var now = Environment.TickCount64;
        if (now - _lastRender >= 100)
        {
            _lastRender = now;
            _ = render();
        }
    }
}
