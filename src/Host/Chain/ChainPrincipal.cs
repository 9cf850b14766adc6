using System.Security.Claims;

namespace CompatHost.Host.Chain;

/// <summary>The principal a successful chain decision becomes (claims for user, tenant, handler, scopes).</summary>
public static class ChainPrincipal
{
    public static ClaimsPrincipal From(ChainDecision decision, string scheme)
    {
        var result = decision.Result;
        var claims = new List<Claim> { new(CompatHostClaims.Handler, decision.Handler!.Name) };
        if (result.User is { } user)
        {
            claims.Add(new Claim(ClaimTypes.Name, user.ToString()));
            claims.Add(new Claim(CompatHostClaims.User, user.ToString()));
            claims.Add(new Claim(CompatHostClaims.Tenant, user.Tenant));
            claims.Add(new Claim(CompatHostClaims.UserStoreDomain, user.Domain));
        }
        else
        {
            claims.Add(new Claim(CompatHostClaims.SystemCaller, "true"));
        }

        if (result.IsToken)
        {
            claims.Add(new Claim(CompatHostClaims.TokenAuthenticated, "true"));
        }

        foreach (var scope in result.Scopes)
        {
            claims.Add(new Claim(CompatHostClaims.Scope, scope));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}
