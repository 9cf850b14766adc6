using CompatHost.Host.Access;
using CompatHost.Host.OAuth;
using CompatHost.Host.Rest.Scim;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace CompatHost.Host.Rest;

/// <summary>
/// The REST surface. Every endpoint falls under the access-rule policy and declares its
/// <see cref="EndpointAccess"/> where it is mapped; those declarations are the built-in default rules.
/// </summary>
public static class RestEndpoints
{
    public const string MetricsPath = "/metrics";

    public static void Map(IEndpointRouteBuilder app)
    {
        // Which rule applies to a request (secured or not, which permissions) is decided per request
        // from config and the declarations below, by ResourceRuleMiddleware for every request.
        var api = app.MapGroup("");
        // The declared rules are tried in the order of these groups, which is the product's order
        // (contexts start with (.*), so a crafted path can match two): each family maps into a
        // group of its own (Users and Groups make theirs), and groups are listed in the order they
        // are created.
        api.MapGroup("").MapGet("/api/health", () => Results.Json(new { status = "UP" }))
            .WithAccess(BuiltInRules.Unsecured("(.*)/api/health(.*)"));
        OAuthEndpoints.Map(api.MapGroup(""));
        api.MapGroup("").MapGet("/scim2/Me", ScimMeEndpoint.GetAsync)
            .WithAccess(BuiltInRules.Secured("(.*)/scim2/Me", "GET", ResourceRuleAuthorizer.NoPermission, "internal_login"));
        ScimUsersEndpoints.Map(api);
        ScimGroupsEndpoints.Map(api);
        // Host extensions: the Prometheus scrape and explain need an administrator unless the operator opens them.
        api.MapGroup("").MapPrometheusScrapingEndpoint(MetricsPath)
            .WithAccess(BuiltInRules.Secured("(.*)/metrics", "GET", Permissions.Monitor.Metrics, "internal_metrics_view"));
        api.MapGroup("").MapPost(ExplainEndpoint.Path, ExplainEndpoint.PostAsync)
            .WithAccess(BuiltInRules.Secured("(.*)/api/compathost/v1/explain", "POST", Permissions.Monitor.Explain, "internal_explain"));
        ApplicationsEndpoints.Map(api.MapGroup("")
            .WithAccess(BuiltInRules.Crud("(.*)/api/server/v1/applications(.*)", Permissions.ApplicationMgt.Root, "internal_application_mgt")));
    }

    /// <summary>The REST endpoints as <see cref="Map"/> creates them, without a web app (for the built-in rules).</summary>
    public static IReadOnlyList<Endpoint> Describe() =>
        EndpointAccessRules.Describe(services => services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddPrometheusExporter()), Map);
}
