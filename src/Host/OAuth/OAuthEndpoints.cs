using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace CompatHost.Host.OAuth;

/// <summary>The OAuth2 surface: token, introspection and revocation endpoints and the applications API.</summary>
public static class OAuthEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/oauth2/token", TokenEndpoint.PostAsync);
        api.MapPost("/oauth2/introspect", IntrospectionEndpoint.PostAsync);
        api.MapPost("/oauth2/revoke", RevocationEndpoint.PostAsync);
        ApplicationsEndpoints.Map(api);
    }
}
