using CompatHost.Host.Access;
using CompatHost.Host.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Tests.Access;

/// <summary>
/// Authorization declared next to what it guards: the built-in rules are what the endpoints
/// declare, and an endpoint that declares nothing stops the host.
/// </summary>
public sealed class EndpointAccessTests
{
    private const string UserMgt = "/permission/admin/manage/identity/usermgt";
    private const string RoleMgt = "/permission/admin/manage/identity/rolemgt";
    private const string AppMgt = "/permission/admin/manage/identity/applicationmgt";

    /// <summary>
    /// The hand-written DefaultAccessRules list as it stood before the rules moved onto the
    /// endpoints (context, methods, secured, permission, scope, no user handler), in its order:
    /// the generated rules must be exactly these, since the first matching rule wins.
    /// </summary>
    private static readonly (string Context, string Methods, bool Secure, string Permission, string Scope, bool ClientsOnly)[] FormerDefaults =
    [
        ("(.*)", "OPTIONS", false, "", "", false),
        ("(.*)/api/health(.*)", "all", false, "", "", false),
        ("(.*)/oauth2/token(.*)", "all", false, "", "", true),
        ("(.*)/oauth2/revoke(.*)", "all", false, "", "", true),
        ("(.*)/oauth2/introspect(.*)", "all", true, AppMgt + "/view", "internal_application_mgt_view", false),
        ("(.*)/scim2/Me", "GET", true, "none", "internal_login", false),
        ("(.*)/scim2/Users(/?)", "GET", true, UserMgt + "/list", "internal_user_mgt_list", false),
        ("(.*)/scim2/Users/.search(.*)", "POST", true, UserMgt + "/list", "internal_user_mgt_list", false),
        ("(.*)/scim2/Users/(.+)", "GET", true, UserMgt + "/view", "internal_user_mgt_view", false),
        ("(.*)/scim2/Users(.*)", "POST", true, UserMgt + "/create", "internal_user_mgt_create", false),
        ("(.*)/scim2/Users/(.*)", "PATCH,PUT", true, UserMgt + "/update", "internal_user_mgt_update", false),
        ("(.*)/scim2/Users/(.*)", "DELETE", true, UserMgt + "/delete", "internal_user_mgt_delete", false),
        ("(.*)/scim2/Groups(.*)", "GET", true, RoleMgt + "/view", "internal_role_mgt_view", false),
        ("(.*)/scim2/Groups(.*)", "POST", true, RoleMgt + "/create", "internal_role_mgt_create", false),
        ("(.*)/scim2/Groups(.*)", "PATCH,PUT", true, RoleMgt + "/update", "internal_role_mgt_update", false),
        ("(.*)/scim2/Groups(.*)", "DELETE", true, RoleMgt + "/delete", "internal_role_mgt_delete", false),
        ("(.*)/metrics", "GET", true, "/permission/admin/monitor/metrics", "internal_metrics_view", false),
        ("(.*)/api/compathost/v1/explain", "POST", true, "/permission/admin/monitor/explain", "internal_explain", false),
        ("(.*)/api/server/v1/applications(.*)", "GET", true, AppMgt + "/view", "internal_application_mgt_view", false),
        ("(.*)/api/server/v1/applications(.*)", "POST", true, AppMgt + "/create", "internal_application_mgt_create", false),
        ("(.*)/api/server/v1/applications(.*)", "PATCH,PUT", true, AppMgt + "/update", "internal_application_mgt_update", false),
        ("(.*)/api/server/v1/applications(.*)", "DELETE", true, AppMgt + "/delete", "internal_application_mgt_delete", false),
    ];

    [Fact]
    public void BuiltInRules_GeneratedFromTheEndpoints_AreTheFormerDefaultsInTheirOrder()
    {
        var generated = DefaultAccessRules.All.Select(r => (
            r.Context,
            r.Methods is null ? "all" : string.Join(',', r.Methods.Order(StringComparer.Ordinal)),
            r.Secure,
            r.PermissionString,
            string.Join(',', r.Scopes),
            r.AllowedHandlers is { Count: 0 })).ToArray();

        Assert.Equal(FormerDefaults, generated);
        Assert.All(DefaultAccessRules.All, r => Assert.False(r.CrossTenant));
        Assert.All(DefaultAccessRules.All, r => Assert.Equal("built-in default", r.Origin));
    }

    [Fact]
    public void AnEndpointWithoutAccess_IsAStartupError_NamingIt()
    {
        var endpoints = EndpointAccessRules.Describe(_ => { }, app =>
        {
            app.MapGet("/declared", () => "yes").WithAccess(BuiltInRules.Unsecured("(.*)/declared"));
            app.MapPost("/forgotten", () => Results.Ok());
        });

        var error = Assert.Throws<InvalidOperationException>(() => EndpointAccessRules.From(endpoints));

        Assert.Contains("/forgotten", error.Message);
        Assert.DoesNotContain("/declared", error.Message);
    }

    [Fact]
    public void AGroupsDeclaration_CoversEveryEndpointInIt_AndItsRulesComeOnce()
    {
        var endpoints = EndpointAccessRules.Describe(_ => { }, app =>
        {
            var group = app.MapGroup("").WithAccess(BuiltInRules.Crud("(.*)/things(.*)", "/permission/admin/things", "internal_things"));
            group.MapGet("/things", () => "list");
            group.MapDelete("/things/{id}", (string id) => id);
        });

        var rules = EndpointAccessRules.From(endpoints);

        Assert.Equal(["OPTIONS", "GET", "POST", "PATCH,PUT", "DELETE"],
            rules.Select(r => string.Join(',', r.Methods!.Order(StringComparer.Ordinal))));
        Assert.Equal("/permission/admin/things/delete", rules[^1].PermissionString);
        Assert.Equal(["internal_things_delete"], rules[^1].Scopes);
    }
}
