using System.Security.Claims;

namespace CompatHost.Host.Chain;

/// <summary>The principal a successful chain decision becomes (claims for user, tenant, handler, scopes).</summary>
public static class ChainPrincipal
{
    public static ClaimsPrincipal From(ChainDecision decision, string scheme)
    {
        var result = decision.Result;
        // Claims are made with the identity as their subject: handed to the identity's constructor
        // instead, each would be cloned into it, twice the claims allocated on every request.
        var identity = new ClaimsIdentity(scheme, ClaimTypes.Name, ClaimTypes.Role);
        Add(identity, CompatHostClaims.Handler, decision.Handler!.Name);
        if (result.User is { } user)
        {
            var name = user.ToString();
            Add(identity, ClaimTypes.Name, name);
            Add(identity, CompatHostClaims.User, name);
            Add(identity, CompatHostClaims.Tenant, user.Tenant);
            Add(identity, CompatHostClaims.UserStoreDomain, user.Domain);
        }
        else
        {
            Add(identity, CompatHostClaims.SystemCaller, "true");
        }

        if (result.IsToken)
        {
            Add(identity, CompatHostClaims.TokenAuthenticated, "true");
        }

        foreach (var scope in result.Scopes)
        {
            Add(identity, CompatHostClaims.Scope, scope);
        }

        return new ClaimsPrincipal(identity);
    }

    private static void Add(ClaimsIdentity identity, string type, string value) =>
        identity.AddClaim(new Claim(type, value, ClaimValueTypes.String, ClaimsIdentity.DefaultIssuer, ClaimsIdentity.DefaultIssuer, identity));
}
