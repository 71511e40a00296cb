using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using FalseReject.Web.Components.Account;
using FalseReject.Web.Security.ApiTokens;
using FalseReject.Web.Data;

namespace FalseReject.Web.Security;

/// <summary>Bound from the <c>Auth</c> section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Whether anyone may create an account on the Register page. Closed by default.</summary>
    public bool AllowRegistration { get; set; }

    /// <summary>
    /// Outside Development: cookies are Secure-only and the app serves HTTPS only (directly or
    /// behind a proxy that forwards the scheme). On by default; see <see cref="HttpsRequirement"/>.
    /// </summary>
    public bool RequireHttps { get; set; } = true;
}

public static class SecurityServiceExtensions
{
    /// <summary>Identity's user and role stores, password and lockout rules: shared by the web app and the CLI.</summary>
    public static IServiceCollection AddFalseRejectIdentityCore(this IServiceCollection services)
    {
        // Keys for cookies, antiforgery and Identity's tokens live in the database, so every
        // instance (and the CLI) shares them.
        services.AddDataProtection()
            .SetApplicationName("FalseReject")
            .PersistKeysToDbContext<AppDbContext>();
        services.AddIdentityCore<ApplicationUser>(ConfigureIdentity)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddClaimsPrincipalFactory<AppUserClaimsPrincipalFactory>()
            .AddSignInManager<FalseRejectSignInManager>()
            .AddDefaultTokenProviders();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LoginThrottle>();
        services.AddAuthorizationCore(Policies.Configure);
        services.AddApiTokens();
        return services;
    }

    internal static void ConfigureIdentity(IdentityOptions options)
    {
        // Accounts are created by an admin (or the CLI); there is no e-mail to confirm them with.
        options.SignIn.RequireConfirmedAccount = false;
        options.User.RequireUniqueEmail = true;
        options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;

        options.Password.RequiredLength = 10;
        options.Password.RequireDigit = true;
        options.Password.RequireLowercase = true;
        options.Password.RequireUppercase = true;
        options.Password.RequireNonAlphanumeric = true;
        options.Password.RequiredUniqueChars = 4;

        // Password sign-in does not use this account-wide lockout (see FalseRejectSignInManager and
        // LoginThrottle, which take these numbers per account and client address); two-factor
        // codes still count towards it.
        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
    }

    /// <summary>Cookie sign-in, the Blazor authentication state and the Identity UI's helpers.</summary>
    public static IHostApplicationBuilder AddFalseRejectAuth(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));

        // Cookies are Secure everywhere but in Development, where `dotnet run` serves plain
        // http://localhost (and the browser tests use a loopback address), and where
        // Auth:RequireHttps=false accepts plain HTTP; they are HttpOnly always.
        var securePolicy = HttpsRequirement.IsRequired(builder.Environment, builder.Configuration)
            ? CookieSecurePolicy.Always
            : CookieSecurePolicy.SameAsRequest;

        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddCurrentCaller();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = securePolicy;
        });
        services.ConfigureExternalCookie(options => options.Cookie.SecurePolicy = securePolicy);
        services.AddAntiforgery(options =>
        {
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = securePolicy;
        });
        // A disabled user's cookie stops working within a minute, not after the default half hour.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddFalseRejectIdentityCore();
        services.AddSingleton<IEmailSender<ApplicationUser>, IdentityNoOpEmailSender>();
        return builder;
    }
}
