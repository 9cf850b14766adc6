using CompatHost.Host.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace CompatHost.Host.OAuth;

/// <summary>The OAuth2 surface: token, revocation and introspection endpoints (the applications API is <see cref="ApplicationsEndpoints"/>).</summary>
public static class OAuthEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        // Client authentication is the token and revocation endpoints' own (oauth.md).
        api.MapPost("/oauth2/token", TokenEndpoint.PostAsync).WithAccess(BuiltInRules.ClientAuthenticated("(.*)/oauth2/token(.*)"));
        api.MapPost("/oauth2/revoke", RevocationEndpoint.PostAsync).WithAccess(BuiltInRules.ClientAuthenticated("(.*)/oauth2/revoke(.*)"));
        // identity.xml.j2: every method, applicationmgt/view (IS 7 adds the scope). Clients by their own
        // secret only when the operator adds a rule for BasicClientAuthentication, as the product's docs describe.
        api.MapPost("/oauth2/introspect", IntrospectionEndpoint.PostAsync).WithAccess(
            BuiltInRules.Secured("(.*)/oauth2/introspect(.*)", "all", Permissions.ApplicationMgt.View, "internal_application_mgt_view"));
    }
}
