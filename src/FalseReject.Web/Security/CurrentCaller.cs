using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using FalseReject.Web.Data;

namespace FalseReject.Web.Security;

/// <summary>
/// The web app's caller. The principal says who signed in (the circuit's authentication state for
/// pages; the request's user, e.g. the bearer token's, for HTTP endpoints); the store says what
/// that account may do now: every call reads the account's row and roles in one small query, so
/// disabling a user or removing a role (by any process or instance) takes effect at the next call
/// instead of at the circuit's next revalidation.
/// </summary>
public sealed class CurrentCaller(IServiceProvider services, IDbContextFactory<AppDbContext> dbFactory) : CurrentCallerBase
{
    private HttpContext? _request;

    /// <summary>Set for an HTTP request's scope (see <see cref="CurrentCallerExtensions.UseCurrentCaller"/>): the principal is then the request's user.</summary>
    internal void UseRequest(HttpContext request) => _request = request;

    public override async Task<Caller?> GetAsync(CancellationToken cancellationToken = default)
    {
        var principal = await PrincipalAsync();
        var id = principal.Identity?.IsAuthenticated == true ? principal.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        if (id is null)
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await db.Users.AsNoTracking()
            .Where(u => u.Id == id)
            .Select(u => new
            {
                u.UserName,
                u.LockoutEnd,
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToList(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (account is null || AccountStatus.IsDisabled(account.LockoutEnd))
        {
            return null;
        }
        return new Caller(id, account.UserName ?? id, account.Roles);
    }

    private async Task<ClaimsPrincipal> PrincipalAsync()
    {
        if (_request is not null)
        {
            return _request.User;
        }
        var state = services.GetService<AuthenticationStateProvider>();
        return state is null ? new ClaimsPrincipal() : (await state.GetAuthenticationStateAsync()).User;
    }
}

public static class CurrentCallerExtensions
{
    /// <summary>Registers <see cref="CurrentCaller"/> as the web app's <see cref="ICurrentCaller"/>.</summary>
    public static IServiceCollection AddCurrentCaller(this IServiceCollection services)
    {
        services.AddScoped<CurrentCaller>();
        services.AddScoped<ICurrentCaller>(sp => sp.GetRequiredService<CurrentCaller>());
        return services;
    }

    /// <summary>
    /// In an HTTP request's scope the caller is the request's user, read when a service asks (so
    /// after an endpoint's own scheme, e.g. the API token, has authenticated it). A Blazor circuit
    /// has its own scope, where the caller is the circuit's authentication state.
    /// </summary>
    public static IApplicationBuilder UseCurrentCaller(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.RequestServices.GetRequiredService<CurrentCaller>().UseRequest(context);
            return next(context);
        });
}
