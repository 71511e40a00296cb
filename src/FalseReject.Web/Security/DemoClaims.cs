using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using FalseReject.Web.Data;

namespace FalseReject.Web.Security;

/// <summary>Claims the app adds to a signed-in user's principal.</summary>
public static class DemoClaims
{
    /// <summary>Present with value "true" on demo accounts, so every page can mark them.</summary>
    public const string IsDemo = "falsereject:demo";
}

/// <summary>Adds the demo marker to the principal Identity builds at sign-in.</summary>
public sealed class AppUserClaimsPrincipalFactory(
    UserManager<ApplicationUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.IsDemo)
        {
            identity.AddClaim(new Claim(DemoClaims.IsDemo, "true"));
        }
        return identity;
    }
}
