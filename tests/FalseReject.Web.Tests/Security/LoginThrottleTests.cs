using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using FalseReject.Web.Security;
using FalseReject.Web.Tests.Annotation;

namespace FalseReject.Web.Tests.Security;

public sealed class LoginThrottleTests
{
    private const string Account = "ANN@EXAMPLE.ORG";
    private static readonly IPAddress Stranger = IPAddress.Parse("203.0.113.5");
    private static readonly IPAddress Colleague = IPAddress.Parse("198.51.100.5");

    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
    private readonly LoginThrottle _throttle;

    public LoginThrottleTests()
    {
        var options = new IdentityOptions();
        SecurityServiceExtensions.ConfigureIdentity(options);
        _throttle = new LoginThrottle(Options.Create(options), _clock);
    }

    private bool FailTimes(int times, IPAddress address)
    {
        var locked = false;
        for (var i = 0; i < times; i++)
        {
            locked = _throttle.RecordFailure(Account, address);
        }
        return locked;
    }

    [Fact]
    public void TheFifthFailure_LocksThePair_ForFifteenMinutes_AndNoOtherAddress()
    {
        Assert.False(FailTimes(4, Stranger));
        Assert.False(_throttle.IsLockedOut(Account, Stranger));

        Assert.True(FailTimes(1, Stranger));
        Assert.True(_throttle.IsLockedOut(Account, Stranger));
        Assert.False(_throttle.IsLockedOut(Account, Colleague));
        Assert.False(_throttle.IsLockedOut("OTHER@EXAMPLE.ORG", Stranger));

        _clock.Advance(TimeSpan.FromMinutes(14));
        Assert.True(_throttle.IsLockedOut(Account, Stranger));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(_throttle.IsLockedOut(Account, Stranger));

        // After the lockout the count starts again.
        Assert.False(FailTimes(4, Stranger));
    }

    [Fact]
    public void ASuccessfulSignIn_ForgetsTheFailures()
    {
        FailTimes(4, Stranger);
        _throttle.Reset(Account, Stranger);

        Assert.False(FailTimes(4, Stranger));
    }

    [Fact]
    public void FailuresOlderThanTheLockoutSpan_AreForgotten()
    {
        FailTimes(4, Stranger);
        _clock.Advance(TimeSpan.FromMinutes(15));

        Assert.False(FailTimes(4, Stranger));
        Assert.True(FailTimes(1, Stranger));
    }
}
