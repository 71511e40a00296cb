using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using FalseReject.Web.Data;

namespace FalseReject.IntegrationTests;

/// <summary>
/// The real app (Program) on a fresh SQLite file of its own, with a known bootstrap admin.
/// Everything else (Identity, policies, migrations, the content root) is the app's own.
/// </summary>
public class FalseRejectFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@tests.falsereject.local";
    public const string AdminPassword = "Bootstrap-Admin-Pass-1";

    /// <summary>
    /// A request header, honoured by the test host only, that sets the request's client address
    /// (<c>Connection.RemoteIpAddress</c>), so a test can act from several addresses.
    /// </summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    public string DatabasePath { get; } =
        Path.Combine(Path.GetTempPath(), $"falsereject-it-{Guid.NewGuid():N}.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Default", $"Data Source={DatabasePath}");
        builder.UseSetting("Admin:Email", AdminEmail);
        builder.UseSetting("Admin:Password", AdminPassword);
        builder.UseSetting("Seed:Demo", "false");
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddressFromTestHeader>());
    }

    /// <summary>Creates a user with the given roles through the app's own UserManager.</summary>
    public async Task CreateUserAsync(string email, string password, params string[] roles)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
        var result = await users.CreateAsync(user, password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        if (roles.Length > 0)
        {
            Assert.True((await users.AddToRolesAsync(user, roles)).Succeeded);
        }
    }

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see them.</summary>
    public HttpClient CreateBrowserClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = ClientOptions.BaseAddress });

    /// <summary>A browser client (see <see cref="CreateBrowserClient()"/>) whose requests come from <paramref name="clientAddress"/>.</summary>
    public HttpClient CreateBrowserClient(string clientAddress)
    {
        var client = CreateBrowserClient();
        client.DefaultRequestHeaders.Add(ClientAddressHeader, clientAddress);
        return client;
    }

    /// <summary>Logs in through the real login form (antiforgery token and all); returns the response.</summary>
    public static async Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password, string path = "/Account/Login")
    {
        var page = await client.GetStringAsync(path);
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "The login form carries no antiforgery token.");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        return await client.PostAsync(path, form);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(DatabasePath + suffix);
            }
        }
    }
}

/// <summary>
/// The app as deployed: environment Production (the exception handler instead of the developer
/// page, Secure cookies), so clients talk to it over https://localhost.
/// </summary>
public class ProductionFalseRejectFactory : FalseRejectFactory
{
    public ProductionFalseRejectFactory() => ClientOptions.BaseAddress = new Uri("https://localhost");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}

/// <summary>Sets the client address from <see cref="FalseRejectFactory.ClientAddressHeader"/> before the app's own middleware (the rate limiter among them) runs.</summary>
internal sealed class ClientAddressFromTestHeader : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (IPAddress.TryParse(context.Request.Headers[FalseRejectFactory.ClientAddressHeader].ToString(), out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }
            return nextMiddleware(context);
        });
        next(app);
    };
}

internal static class HttpAssert
{
    public static void RedirectsTo(HttpResponseMessage response, string pathPrefix)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location?.ToString() ?? "";
        Assert.True(location.Contains(pathPrefix, StringComparison.OrdinalIgnoreCase), $"Redirected to '{location}', expected '{pathPrefix}'.");
    }

    /// <summary>A redirect to the app's home page ("/", relative or absolute), nowhere else.</summary>
    public static void RedirectsHome(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location;
        Assert.NotNull(location);
        var path = location.IsAbsoluteUri ? location : new Uri(new Uri("http://localhost/"), location);
        Assert.True(path.Host == "localhost" && path.PathAndQuery == "/", $"Redirected to '{location}', expected '/'.");
    }

    public static void SetsTheSignInCookie(HttpResponseMessage response) =>
        Assert.True(SignInCookies(response).Any(), "The response does not set the sign-in cookie.");

    public static void SetsNoSignInCookie(HttpResponseMessage response) =>
        Assert.False(SignInCookies(response).Any(), "The response sets the sign-in cookie.");

    private static IEnumerable<string> SignInCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Where(c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal) && !c.StartsWith(".AspNetCore.Identity.Application=;", StringComparison.Ordinal))
            : [];
}
