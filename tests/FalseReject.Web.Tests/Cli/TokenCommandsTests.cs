using Microsoft.Extensions.DependencyInjection;
using FalseReject.Web.Cli;
using FalseReject.Web.Security.ApiTokens;

namespace FalseReject.Web.Tests.Cli;

/// <summary><c>tokens create/list/revoke</c> against a real store file (the CLI reads the environment).</summary>
[Collection(CliCollection.Name)]
public sealed class TokenCommandsTests() : CliStoreTest(AdminEmail)
{
    private const string AdminEmail = "token-cli-admin@example.org";

    private static async Task<ApiTokenValidation> ValidateAsync(string token)
    {
        using var host = await CliApp.StartHostAsync(CancellationToken.None);
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApiTokenService>().ValidateAsync(token);
    }

    [Fact]
    public async Task TokensCreate_PrintsAWorkingTokenOnce_ThatListShowsByPrefix_AndRevokeStops()
    {
        var (exit, output) = await RunAsync("tokens", "create", "--email", AdminEmail, "--name", "nightly import");
        Assert.Equal(0, exit);
        var token = output.Split('\n')[0].Trim();
        Assert.StartsWith("frk_", token, StringComparison.Ordinal);

        var validation = await ValidateAsync(token);
        Assert.True(validation.Succeeded, validation.Message);
        Assert.Equal(AdminEmail, validation.User!.Email);

        (exit, output) = await RunAsync("tokens", "list", "--email", AdminEmail);
        Assert.Equal(0, exit);
        var line = output.Split('\n').Single(l => l.Contains("nightly import", StringComparison.Ordinal));
        Assert.Contains(token[..(4 + 16)], line);
        Assert.DoesNotContain(token, output);
        Assert.Contains("active", line);
        var id = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];

        (exit, _) = await RunAsync("tokens", "revoke", "--id", id);
        Assert.Equal(0, exit);
        Assert.Equal(ApiTokenFailure.Revoked, (await ValidateAsync(token)).Failure);
        (_, output) = await RunAsync("tokens", "list", "--email", AdminEmail);
        Assert.Contains("revoked", output.Split('\n').Single(l => l.Contains("nightly import", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TokensCreate_FailsWithExitCode1_ForAnUnknownAccount()
    {
        var (exit, output) = await RunAsync("tokens", "create", "--email", "nobody@example.org");
        Assert.Equal(1, exit);
        Assert.DoesNotContain("frk_", output);
    }

    [Theory]
    [InlineData("99999999")]
    [InlineData("3651")]
    [InlineData("0")]
    [InlineData("-1")]
    public async Task TokensCreate_RefusesAnExpiryOutsideOneToTenYearsOfDays_WithExitCode1(string days)
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        int exit;
        string output;
        try
        {
            (exit, output) = await RunAsync("tokens", "create", "--email", AdminEmail, "--expires-in-days", days);
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Equal(1, exit);
        Assert.DoesNotContain("frk_", output);
        Assert.Contains("--expires-in-days must be from 1 to 3650", error.ToString());
        (_, output) = await RunAsync("tokens", "list", "--email", AdminEmail);
        Assert.DoesNotContain("active", output);
    }

    [Fact]
    public async Task TokensCreate_TakesTheLongestExpiry()
    {
        var (exit, output) = await RunAsync("tokens", "create", "--email", AdminEmail, "--expires-in-days", "3650");

        Assert.Equal(0, exit);
        Assert.StartsWith("frk_", output, StringComparison.Ordinal);
    }
}
