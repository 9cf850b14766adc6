using CompatHost.Host.Access;
using CompatHost.Host.OAuth;
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
        // Every endpoint asks for the access-rule policy by name; the rule itself (secured or not,
        // which permissions) comes from config, so no endpoint opts out in code.
        var api = app.MapGroup("").RequireAuthorization(ResourceRuleRequirement.PolicyName);
        api.MapGet("/api/health", () => Results.Json(new { status = "UP" }));
        api.MapGet("/scim2/Me", ScimMeEndpoint.GetAsync);
        ScimUsersEndpoints.Map(api);
        ScimGroupsEndpoints.Map(api);
        OAuthEndpoints.Map(api);
        api.MapPost(ExplainEndpoint.Path, ExplainEndpoint.PostAsync);
    }
}
