using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FalseReject.Web.Security;

/// <summary>
/// Failed password sign-ins counted per (account, client address): after Identity's
/// <see cref="LockoutOptions.MaxFailedAccessAttempts"/> failures that pair is refused for
/// <see cref="LockoutOptions.DefaultLockoutTimeSpan"/>, while the account itself, from any other
/// address, and its API tokens are untouched. So a stranger who guesses wrong locks out only
/// their own address; the login rate limiter still bounds guesses per address across accounts.
/// Failures are forgotten one lockout span after the last one, and on a successful sign-in. Kept
/// in memory, per instance.
/// </summary>
public sealed class LoginThrottle(IOptions<IdentityOptions> options, TimeProvider time)
{
    /// <summary>Above this many tracked pairs, expired ones are swept out before another is added.</summary>
    internal const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<(string Account, string Address), Entry> _entries = new();

    private LockoutOptions Lockout => options.Value.Lockout;

    /// <summary>Whether <paramref name="normalizedAccount"/> is locked out for <paramref name="address"/> now.</summary>
    public bool IsLockedOut(string normalizedAccount, IPAddress? address) =>
        _entries.TryGetValue(Key(normalizedAccount, address), out var entry) && entry.LockedUntil > time.GetUtcNow();

    /// <summary>Counts a wrong password; true when this failure locks the pair out.</summary>
    public bool RecordFailure(string normalizedAccount, IPAddress? address)
    {
        var now = time.GetUtcNow();
        if (_entries.Count > SweepAbove)
        {
            Sweep(now);
        }
        var entry = _entries.AddOrUpdate(
            Key(normalizedAccount, address),
            _ => Next(new Entry(0, now, null), now),
            (_, current) => Next(IsExpired(current, now) ? new Entry(0, now, null) : current, now));
        return entry.LockedUntil > now;
    }

    /// <summary>Forgets the pair's failures (the right password was given).</summary>
    public void Reset(string normalizedAccount, IPAddress? address) => _entries.TryRemove(Key(normalizedAccount, address), out _);

    private Entry Next(Entry current, DateTimeOffset now)
    {
        if (current.LockedUntil > now)
        {
            return current;
        }
        var failures = current.Failures + 1;
        return failures >= Math.Max(1, Lockout.MaxFailedAccessAttempts)
            ? new Entry(0, now, now + Lockout.DefaultLockoutTimeSpan)
            : new Entry(failures, now, null);
    }

    private bool IsExpired(Entry entry, DateTimeOffset now) =>
        entry.LockedUntil is { } until ? until <= now : now - entry.LastFailure >= Lockout.DefaultLockoutTimeSpan;

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (IsExpired(entry, now))
            {
                _entries.TryRemove(new KeyValuePair<(string, string), Entry>(key, entry));
            }
        }
    }

    private static (string, string) Key(string normalizedAccount, IPAddress? address) =>
        (normalizedAccount, address?.ToString() ?? "unknown");

    private sealed record Entry(int Failures, DateTimeOffset LastFailure, DateTimeOffset? LockedUntil);
}
