using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using FalseReject.Web.Data;

namespace FalseReject.Web.Security;

/// <summary>
/// Identity's sign-in manager with FalseReject's rules for password sign-in by name:
/// <list type="bullet">
/// <item>wrong passwords count per (account, client address) in <see cref="LoginThrottle"/>, never
/// towards Identity's account-wide lockout (callers pass <c>lockoutOnFailure: false</c>), so nobody
/// can lock someone else's account by typing wrong passwords. A disabled account is still refused;</item>
/// <item>every attempt costs one password-hash check: when there is no hash to check the password
/// against (no such account, an account without a password, or one refused before its password is
/// looked at), the password is checked against a dummy hash instead, so the answer's timing does not
/// tell which accounts exist.</item>
/// </list>
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
    /// <summary>A hash of a random secret, made once by the app's own hasher so checking it costs what checking a real one does.</summary>
    private static string? _dummyHash;

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var account = UserManager.NormalizeName(userName);
        var address = Context.Connection.RemoteIpAddress;
        if (throttle.IsLockedOut(account, address))
        {
            return SignInResult.LockedOut;
        }

        var user = await UserManager.FindByNameAsync(userName);
        if (user is null || user.PasswordHash is null || await PreSignInCheck(user) is not null)
        {
            CheckAgainstDummyHash(password);
        }
        var result = user is null
            ? SignInResult.Failed
            : await base.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);

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

    /// <summary>The work of a real password check, whose answer is ignored: it can never let anyone in.</summary>
    private void CheckAgainstDummyHash(string password)
    {
        var dummyUser = new ApplicationUser();
        var hash = LazyInitializer.EnsureInitialized(ref _dummyHash,
            () => UserManager.PasswordHasher.HashPassword(dummyUser, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        _ = UserManager.PasswordHasher.VerifyHashedPassword(dummyUser, hash, password);
    }
}
