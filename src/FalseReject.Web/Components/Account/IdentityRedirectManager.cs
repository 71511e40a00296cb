using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using FalseReject.Web.Data;

namespace FalseReject.Web.Components.Account;

internal sealed class IdentityRedirectManager(NavigationManager navigationManager)
{
    public const string StatusCookieName = "Identity.StatusMessage";

    private static readonly CookieBuilder StatusCookieBuilder = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    };

    /// <summary>Redirects to <paramref name="uri"/> when it stays inside this app, else home (see <see cref="LocalOrHome"/>).</summary>
    public void RedirectTo(string? uri) => navigationManager.NavigateTo(LocalOrHome(uri));

    /// <summary>
    /// Prevents open redirects: <paramref name="uri"/> (a path relative to the app, a local path or
    /// an absolute URI) as a path relative to the app's base when, resolved against the base, it
    /// stays under it; "" (home) for anything else: another host or scheme, a protocol-relative
    /// <c>//host</c>, and any backslash or control character (browsers read <c>/\host</c> and
    /// <c>/&#9;/host</c> as another host).
    /// </summary>
    internal string LocalOrHome(string? uri)
    {
        if (string.IsNullOrEmpty(uri) || uri.Any(c => c == '\\' || char.IsControl(c))
            || !Uri.TryCreate(new Uri(navigationManager.BaseUri), uri, out var absolute)
            || !absolute.AbsoluteUri.StartsWith(navigationManager.BaseUri, StringComparison.OrdinalIgnoreCase))
        {
            return "";
        }
        return navigationManager.ToBaseRelativePath(absolute.AbsoluteUri);
    }

    public void RedirectTo(string uri, Dictionary<string, object?> queryParameters)
    {
        var uriWithoutQuery = navigationManager.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path);
        var newUri = navigationManager.GetUriWithQueryParameters(uriWithoutQuery, queryParameters);
        RedirectTo(newUri);
    }

    public void RedirectToWithStatus(string uri, string message, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookieBuilder.Build(context));
        RedirectTo(uri);
    }

    private string CurrentPath => navigationManager.ToAbsoluteUri(navigationManager.Uri).GetLeftPart(UriPartial.Path);

    public void RedirectToCurrentPage() => RedirectTo(CurrentPath);

    public void RedirectToCurrentPageWithStatus(string message, HttpContext context)
        => RedirectToWithStatus(CurrentPath, message, context);

    public void RedirectToInvalidUser(UserManager<ApplicationUser> userManager, HttpContext context)
        => RedirectToWithStatus("Account/InvalidUser", $"Error: Unable to load user with ID '{userManager.GetUserId(context.User)}'.", context);
}
