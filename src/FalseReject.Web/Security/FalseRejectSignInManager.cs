using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using FalseReject.Web.Data;

namespace FalseReject.Web.Security;

/// <summary>
/// Identity's sign-in manager with FalseReject's rule for password sign-in by name: wrong
/// passwords count per (account, client address) in <see cref="LoginThrottle"/>, never towards
/// Identity's account-wide lockout (callers pass <c>lockoutOnFailure: false</c>), so nobody can
/// lock someone else's account by typing wrong passwords. A disabled account is still refused.
/// </summary>
public sealed class FalseRejectSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation,
    LoginThrottle throttle)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var account = UserManager.NormalizeName(userName);
        var address = Context.Connection.RemoteIpAddress;
        if (throttle.IsLockedOut(account, address))
        {
            return SignInResult.LockedOut;
        }

        var result = await base.PasswordSignInAsync(userName, password, isPersistent, lockoutOnFailure);
        if (result.Succeeded || result.RequiresTwoFactor)
        {
            throttle.Reset(account, address);
        }
        else if (!result.IsLockedOut && !result.IsNotAllowed && throttle.RecordFailure(account, address))
        {
            Logger.LogWarning("Password sign-in locked out for one client address after repeated failures.");
            return SignInResult.LockedOut;
        }
        return result;
    }
}
