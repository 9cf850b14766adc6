using System.Collections.Frozen;
using CompatHost.Host.Access;

namespace CompatHost.Host.Configuration;

/// <summary>
/// The product's own access-control defaults for the endpoints this host serves, tried after
/// the operator's rules. Anything not listed stays secured by default.
/// </summary>
public static class DefaultAccessRules
{
    private const string UserMgt = "/permission/admin/manage/identity/usermgt";
    private const string RoleMgt = "/permission/admin/manage/identity/rolemgt";
    private const string AppMgt = "/permission/admin/manage/identity/applicationmgt";

    public static IReadOnlyList<ResourceRule> All { get; } =
    [
        Open("/api/health"),
        // Client authentication is the endpoint's own (oauth.md); no user handler runs there, so a
        // client's Basic credentials never cost a password verification.
        OpenToClientsOnly("/oauth2/token"),
        OpenToClientsOnly("/oauth2/revoke"),
        Rule("/scim2/Me", "GET", "/permission/admin/login", "internal_login"),
        Rule("/scim2/Users(.*)", "GET", UserMgt + "/view", "internal_user_mgt_view"),
        Rule("/scim2/Users(.*)", "POST", UserMgt + "/create", "internal_user_mgt_create"),
        Rule("/scim2/Users(.*)", "PUT,PATCH", UserMgt + "/update", "internal_user_mgt_update"),
        Rule("/scim2/Users(.*)", "DELETE", UserMgt + "/delete", "internal_user_mgt_delete"),
        Rule("/scim2/Groups(.*)", "GET", RoleMgt + "/view", "internal_role_mgt_view"),
        Rule("/scim2/Groups(.*)", "POST", RoleMgt + "/create", "internal_role_mgt_create"),
        Rule("/scim2/Groups(.*)", "PUT,PATCH", RoleMgt + "/update", "internal_role_mgt_update"),
        Rule("/scim2/Groups(.*)", "DELETE", RoleMgt + "/delete", "internal_role_mgt_delete"),
        Rule("/api/server/v1/applications(.*)", "GET", AppMgt + "/view", "internal_application_mgt_view"),
        Rule("/api/server/v1/applications(.*)", "POST", AppMgt + "/create", "internal_application_mgt_create"),
        Rule("/api/server/v1/applications(.*)", "PUT,PATCH", AppMgt + "/update", "internal_application_mgt_update"),
        Rule("/api/server/v1/applications(.*)", "DELETE", AppMgt + "/delete", "internal_application_mgt_delete"),
        // identity.xml.j2 <ResourceAccessControl>: (.*)/oauth2/introspect(.*), every method, secured by
        // applicationmgt/view (IS 7 adds the scope). Clients by their own secret only when the operator
        // adds a rule for BasicClientAuthentication, as the product's docs describe.
        Rule("/oauth2/introspect(.*)", null, AppMgt + "/view", "internal_application_mgt_view"),
    ];

    private static ResourceRule Open(string context) =>
        new(context, false, null, [], [], null, false, "built-in default");

    private static ResourceRule OpenToClientsOnly(string context) =>
        new(context, false, null, [], [], FrozenSet<string>.Empty, false, "built-in default");

    /// <param name="methods">Comma-separated; null for every method.</param>
    private static ResourceRule Rule(string context, string? methods, string permission, string? scope) =>
        new(context, true, methods?.Split(',').ToFrozenSet(), [permission], scope is null ? [] : [scope], null, false, "built-in default");
}
