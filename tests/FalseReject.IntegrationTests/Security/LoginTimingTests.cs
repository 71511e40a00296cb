using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using FalseReject.IntegrationTests.Api;
using FalseReject.Web.Data;
using FalseReject.Web.Security;

namespace FalseReject.IntegrationTests.Security;

/// <summary>
/// A login for an e-mail nobody has does the same expensive work as one for a real account (one
/// password-hash check), so the answer's timing does not tell which accounts exist. Checked by
/// counting the hasher's calls; a coarse timing comparison with a wide margin backs it up.
/// </summary>
public sealed class LoginTimingTests : IClassFixture<LoginTimingTests.CountingFactory>, IAsyncLifetime
{
    private const string Email = "login-timing@tests.falsereject.local";
    private const string DisabledEmail = "login-timing-disabled@tests.falsereject.local";
    private const string UnknownEmail = "nobody-at-all@tests.falsereject.local";
    private const string WrongPassword = "Wrong-Pass-123";
    private readonly CountingFactory _factory;
    private static int _address;

    public LoginTimingTests(CountingFactory factory) => _factory = factory;

    public async Task InitializeAsync()
    {
        await _factory.EnsureUserAsync(Email, Roles.Annotator);
        await _factory.EnsureUserAsync(DisabledEmail, Roles.Annotator);
        await using var scope = _factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var disabled = await users.FindByEmailAsync(DisabledEmail);
        Assert.NotNull(disabled);
        Assert.True((await users.SetLockoutEndDateAsync(disabled, AccountStatus.DisabledUntil)).Succeeded);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Each login its own client address, so neither the login throttle nor the rate limiter steps in.</summary>
    private HttpClient NewBrowser()
    {
        var n = Interlocked.Increment(ref _address);
        return _factory.CreateBrowserClient($"198.18.{n / 250}.{n % 250 + 1}");
    }

    private async Task<(int HashChecks, HttpResponseMessage Response)> LoginAsync(string email, string password = WrongPassword)
    {
        var before = _factory.Hasher.Verifications;
        var response = await FalseRejectFactory.LoginAsync(NewBrowser(), email, password);
        HttpAssert.SetsNoSignInCookie(response);
        return (_factory.Hasher.Verifications - before, response);
    }

    [Fact]
    public async Task ALoginForAnUnknownEmail_ChecksOnePasswordHash_AsAWrongPasswordForARealAccountDoes()
    {
        var known = await LoginAsync(Email);
        var unknown = await LoginAsync(UnknownEmail);

        Assert.Equal(HttpStatusCode.OK, known.Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknown.Response.StatusCode);
        Assert.Equal(1, known.HashChecks);
        Assert.Equal(1, unknown.HashChecks);
    }

    [Fact]
    public async Task ALoginForADisabledAccount_StillChecksOnePasswordHash()
    {
        var disabled = await LoginAsync(DisabledEmail, ApiTestSupport.Password);

        HttpAssert.RedirectsTo(disabled.Response, "/Account/Lockout");
        Assert.Equal(1, disabled.HashChecks);
    }

    [Fact]
    public async Task ALoginForAnUnknownEmail_NeverSucceeds_WhateverThePassword()
    {
        var unknown = await LoginAsync(UnknownEmail, ApiTestSupport.Password);

        Assert.Equal(HttpStatusCode.OK, unknown.Response.StatusCode);
        Assert.Contains("Invalid login attempt", await unknown.Response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Before the fix an unknown e-mail answered in about a tenth of the time a real account took.
    /// Interleaved rounds and medians, and a margin of half, keep this far from the noise.
    /// </summary>
    [Fact]
    public async Task ALoginForAnUnknownEmail_TakesRoughlyAsLongAsOneForARealAccount()
    {
        await LoginAsync(Email);
        await LoginAsync(UnknownEmail);
        var known = new List<double>();
        var unknown = new List<double>();
        for (var round = 0; round < 7; round++)
        {
            known.Add(await TimeAsync(Email));
            unknown.Add(await TimeAsync(UnknownEmail));
        }

        var knownMedian = Median(known);
        var unknownMedian = Median(unknown);
        Assert.True(unknownMedian >= knownMedian / 2,
            $"An unknown e-mail's login took {unknownMedian:F1} ms (median), a real account's {knownMedian:F1} ms.");
    }

    private async Task<double> TimeAsync(string email)
    {
        var clock = Stopwatch.StartNew();
        await LoginAsync(email);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    /// <summary>The app with its password hasher wrapped in a counter.</summary>
    public sealed class CountingFactory : FalseRejectFactory
    {
        public CountingPasswordHasher Hasher { get; } = new(new PasswordHasher<ApplicationUser>());

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IPasswordHasher<ApplicationUser>>(Hasher));
        }
    }

    public sealed class CountingPasswordHasher(IPasswordHasher<ApplicationUser> inner) : IPasswordHasher<ApplicationUser>
    {
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(ApplicationUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
