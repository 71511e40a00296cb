using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using FalseReject.Web.Data;
using FalseReject.Web.Security;
using FalseReject.Web.Security.ApiTokens;

namespace FalseReject.IntegrationTests.Api;

internal static partial class ApiTestSupport
{
    public const string Password = "Api-Test-Pass-42";

    /// <summary>Creates the user once per factory (the fixture is shared by a class's tests).</summary>
    public static async Task EnsureUserAsync(this FalseRejectFactory factory, string email, params string[] roles)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email) is null)
        {
            await factory.CreateUserAsync(email, Password, roles);
        }
    }

    /// <summary>Creates a token for <paramref name="email"/> through the app's own service, acting as an Admin operator.</summary>
    public static async Task<CreatedApiToken> CreateTokenAsync(this FalseRejectFactory factory, string email, string name = "test")
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
        Assert.NotNull(user);
        return await TestCaller.ServiceAs<ApiTokenService>(scope.ServiceProvider, TestCaller.Named("test-operator", Roles.Admin)).CreateAsync(user.Id, name);
    }

    /// <summary>A client that sends no cookies and follows no redirects, with the token as its bearer credential.</summary>
    public static HttpClient CreateApiClient(this FalseRejectFactory factory, string? token)
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>The antiforgery token of the first form on an HTML page.</summary>
    public static string AntiforgeryToken(string html)
    {
        var token = AntiforgeryField().Match(html).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "The page carries no antiforgery token.");
        return token;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
