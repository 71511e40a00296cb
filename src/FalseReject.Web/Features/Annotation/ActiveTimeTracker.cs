namespace FalseReject.Web.Features.Annotation;

/// <summary>
/// Active time on one item, measured on the server from the annotator's own input events (keys,
/// pointer presses, typing): the time between two events counts in full up to
/// <see cref="IdleThreshold"/>; beyond it the annotator is taken to be idle and the rest of the
/// stretch is not counted. No JavaScript timer needed.
/// </summary>
public sealed class ActiveTimeTracker(TimeProvider clock)
{
    public static readonly TimeSpan IdleThreshold = TimeSpan.FromSeconds(60);

    private DateTimeOffset _last = clock.GetUtcNow();
    private TimeSpan _active;

    /// <summary>Starts measuring a new item.</summary>
    public void Restart()
    {
        _last = clock.GetUtcNow();
        _active = TimeSpan.Zero;
    }

    /// <summary>Records an input event.</summary>
    public void Touch()
    {
        var now = clock.GetUtcNow();
        var gap = now - _last;
        if (gap > TimeSpan.Zero)
        {
            _active += gap < IdleThreshold ? gap : IdleThreshold;
        }
        _last = now;
    }

    /// <summary>Active milliseconds so far (counting up to now).</summary>
    public long ActiveMilliseconds
    {
        get
        {
            Touch();
            return (long)_active.TotalMilliseconds;
        }
    }
}
