using CompatHost.Host.Rest.Scim;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CompatHost.Host.Rest;

/// <summary>The REST surface. Every endpoint falls under the access-rule policy; none opts out in code.</summary>
public static class RestEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", () => Results.Json(new { status = "UP" }));
        app.MapGet("/scim2/Me", ScimMeEndpoint.GetAsync);
        ScimUsersEndpoints.Map(app);
        ScimGroupsEndpoints.Map(app);
    }
}
