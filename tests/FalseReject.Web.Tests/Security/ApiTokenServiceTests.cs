using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using FalseReject.Web.Data;
using FalseReject.Web.Features.Admin;
using FalseReject.Web.Security;
using FalseReject.Web.Security.ApiTokens;

namespace FalseReject.Web.Tests.Security;

/// <summary>API tokens on a real SQLite file: hashed at rest, revocable, expiring, tied to an active account.</summary>
public sealed class ApiTokenServiceTests : IAsyncLifetime
{
    private const string Password = "Token-Test-Pass-1";
    private ServiceTestHost _host = null!;
    private string _aliceId = "";
    private string _bobId = "";

    private ApiTokenService Service => _host.GetRequiredService<ApiTokenService>();

    public async Task InitializeAsync()
    {
        _host = await ServiceTestHost.StartAsync();
        _aliceId = await CreateUserAsync("alice@example.org", Roles.Reviewer);
        _bobId = await CreateUserAsync("bob@example.org", Roles.Annotator);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<string> CreateUserAsync(string email, string role)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return user.Id;
    }

    /// <summary>Acts as the user: their account id, name and current roles.</summary>
    private async Task SignInAsUserAsync(string userId)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByIdAsync(userId))!;
        _host.SignInAs(new Caller(userId, user.UserName!, [.. await users.GetRolesAsync(user)]));
    }

    [Fact]
    public async Task Create_StoresOnlyTheSecretsHash_TheDatabaseFilesNeverContainThePlaintext()
    {
        await SignInAsUserAsync(_aliceId);
        var created = await Service.CreateAsync(_aliceId, "laptop");

        Assert.True(ApiTokenFormat.TryParse(created.Plaintext, out var publicId, out var secret));
        Assert.StartsWith($"frk_{publicId}_", created.Plaintext, StringComparison.Ordinal);
        Assert.Equal(ApiTokenFormat.SecretBytes, Convert.FromBase64String(ToBase64(secret)).Length);

        await using (var db = await _host.CreateDbContextAsync())
        {
            var row = await db.ApiTokens.SingleAsync();
            Assert.Equal(publicId, row.PublicId);
            Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), row.SecretHash);
        }

        // The raw store (main file and write-ahead log) holds neither the token nor its secret.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _host.DatabasePath, _host.DatabasePath + "-wal" }.Where(File.Exists))
        {
            var bytes = await ReadSharedAsync(file);
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(created.Plaintext)));
        }
    }

    [Fact]
    public async Task Create_RefusesAnExpiryMoreThanTenYearsAway_AndTakesTenYears()
    {
        var now = DateTimeOffset.UtcNow;

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => Service.CreateAsync(_aliceId, "forever-ish", now.AddDays(ApiTokenService.MaxExpiresInDays + 1)));
        Assert.Contains("1 to 3650 days", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await Service.ListAsync(_aliceId));

        var created = await Service.CreateAsync(_aliceId, "ten years", now.AddDays(ApiTokenService.MaxExpiresInDays - 1));
        Assert.NotNull(created.Token.ExpiresAt);
    }

    [Fact]
    public async Task Create_GivesEachTokenItsOwnRandomSecret()
    {
        var first = await Service.CreateAsync(_aliceId, "one");
        var second = await Service.CreateAsync(_aliceId, "two");
        Assert.NotEqual(first.Plaintext, second.Plaintext);
        Assert.NotEqual(first.Token.PublicId, second.Token.PublicId);
    }

    [Fact]
    public async Task Validate_AcceptsAFreshToken_ReturnsItsOwner_AndRecordsTheUse()
    {
        var created = await Service.CreateAsync(_aliceId, "pipeline");
        Assert.Null(created.Token.LastUsedAt);

        var validation = await Service.ValidateAsync(created.Plaintext);

        Assert.True(validation.Succeeded, validation.Message);
        Assert.Equal(_aliceId, validation.User!.Id);
        Assert.Equal(created.Token.Id, validation.TokenId);
        var listed = Assert.Single(await Service.ListAsync(_aliceId));
        Assert.NotNull(listed.LastUsedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("frk_0123456789abcdef_short")]
    public async Task Validate_RejectsMalformedTokens(string presented)
    {
        await Service.CreateAsync(_aliceId, "real");
        Assert.Equal(ApiTokenFailure.Malformed, (await Service.ValidateAsync(presented)).Failure);
    }

    [Fact]
    public async Task Validate_RejectsAWrongSecret_ForAnExistingPublicId()
    {
        var created = await Service.CreateAsync(_aliceId, "real");
        var forged = ApiTokenFormat.Generate().Plaintext;
        // Keep the real public id, change the secret.
        var tampered = $"frk_{created.Token.PublicId}_{forged[(4 + 16 + 1)..]}";

        var validation = await Service.ValidateAsync(tampered);

        Assert.Equal(ApiTokenFailure.Unknown, validation.Failure);
        Assert.Null(validation.User);
    }

    [Fact]
    public async Task Revoke_ByTheOwner_StopsTheToken_AndTheListShowsIt()
    {
        var created = await Service.CreateAsync(_aliceId, "old laptop");
        await SignInAsUserAsync(_aliceId);

        Assert.True(await Service.RevokeAsync(created.Token.Id));

        Assert.Equal(ApiTokenFailure.Revoked, (await Service.ValidateAsync(created.Plaintext)).Failure);
        var listed = Assert.Single(await Service.ListAsync(_aliceId));
        Assert.NotNull(listed.RevokedAt);
        Assert.False(await Service.RevokeAsync(created.Token.Id), "A second revoke reports nothing to do.");
    }

    [Fact]
    public async Task Revoke_OfSomeoneElsesToken_IsRefused_UnlessTheCallerIsAnAdmin()
    {
        var alices = await Service.CreateAsync(_aliceId, "alice's");

        await SignInAsUserAsync(_bobId);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Service.RevokeAsync(alices.Token.Id));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Service.ListAsync(_aliceId));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Service.CreateAsync(_aliceId, "sneaky"));
        Assert.True((await Service.ValidateAsync(alices.Plaintext)).Succeeded);

        _host.SignInAs("root", Roles.Admin);
        Assert.True(await Service.RevokeAsync(alices.Token.Id));
        Assert.False((await Service.ValidateAsync(alices.Plaintext)).Succeeded);
    }

    [Fact]
    public async Task Validate_RejectsAnExpiredToken()
    {
        var created = await Service.CreateAsync(_aliceId, "short-lived", DateTimeOffset.UtcNow.AddDays(1));
        Assert.True((await Service.ValidateAsync(created.Plaintext)).Succeeded);

        // A day later, as far as the store is concerned.
        await using (var db = await _host.CreateDbContextAsync())
        {
            var row = await db.ApiTokens.SingleAsync();
            row.ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1);
            await db.SaveChangesAsync();
        }

        Assert.Equal(ApiTokenFailure.Expired, (await Service.ValidateAsync(created.Plaintext)).Failure);
        Assert.False(Assert.Single(await Service.ListAsync(_aliceId)).IsActiveAt(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Create_RefusesAnExpiryInThePast_AndAnEmptyName()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Service.CreateAsync(_aliceId, "past", DateTimeOffset.UtcNow.AddMinutes(-1)));
        await Assert.ThrowsAsync<ArgumentException>(() => Service.CreateAsync(_aliceId, "   "));
        Assert.Empty(await Service.ListAsync(_aliceId));
    }

    [Fact]
    public async Task Validate_RejectsTheTokenOfADisabledAccount()
    {
        var created = await Service.CreateAsync(_bobId, "bob's");
        _host.SignInAs("root", Roles.Admin);
        Assert.True((await _host.GetRequiredService<UserAdminService>().SetDisabledAsync(_bobId, true)).Succeeded);

        Assert.Equal(ApiTokenFailure.UserUnavailable, (await Service.ValidateAsync(created.Plaintext)).Failure);

        Assert.True((await _host.GetRequiredService<UserAdminService>().SetDisabledAsync(_bobId, false)).Succeeded);
        Assert.True((await Service.ValidateAsync(created.Plaintext)).Succeeded);
    }

    [Fact]
    public async Task Validate_AcceptsTheTokenOfAnAccountWithALoginLockout()
    {
        var created = await Service.CreateAsync(_bobId, "bob's");
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var bob = (await users.FindByIdAsync(_bobId))!;
            Assert.True((await users.SetLockoutEndDateAsync(bob, DateTimeOffset.UtcNow.AddMinutes(15))).Succeeded);
        }

        Assert.True((await Service.ValidateAsync(created.Plaintext)).Succeeded);
    }

    [Fact]
    public async Task Manage_WithoutASignedInCaller_IsRefused()
    {
        _host.SignOut();
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Service.CreateAsync(_aliceId, "anon"));
    }

    private static string ToBase64(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return memory.ToArray();
    }
}
