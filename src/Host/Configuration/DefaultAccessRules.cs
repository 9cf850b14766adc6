using System.Collections.Frozen;
using CompatHost.Host.Access;

namespace CompatHost.Host.Configuration;

/// <summary>
/// The product's default rules for the endpoints this host serves, tried after the operator's
/// rules. They follow the <c>&lt;ResourceAccessControl&gt;</c> defaults that identity.xml.j2
/// renders in IS 7 (wso2/carbon-identity-framework; tests/Conformance/product has the rendered
/// file), written in the same Java-regex form.
/// </summary>
public static class DefaultAccessRules
{
    private const string UserMgt = "/permission/admin/manage/identity/usermgt";
    private const string RoleMgt = "/permission/admin/manage/identity/rolemgt";
    private const string AppMgt = "/permission/admin/manage/identity/applicationmgt";
    public const string MetricsPermission = "/permission/admin/monitor/metrics";
    public const string ExplainPermission = "/permission/admin/monitor/explain";

    public static IReadOnlyList<ResourceRule> All { get; } =
    [
        // CORS preflights carry no credentials; the product leaves OPTIONS on every path open.
        Open("(.*)", "OPTIONS"),
        Open("(.*)/api/health(.*)"),
        // Client authentication is the endpoint's own (oauth.md); no user handler runs there, so a
        // client's Basic credentials never cost a password verification.
        OpenToClientsOnly("(.*)/oauth2/token(.*)"),
        OpenToClientsOnly("(.*)/oauth2/revoke(.*)"),
        // identity.xml.j2 <ResourceAccessControl>: (.*)/oauth2/introspect(.*), every method, secured by
        // applicationmgt/view (IS 7 adds the scope). Clients by their own secret only when the operator
        // adds a rule for BasicClientAuthentication, as the product's docs describe.
        Rule("(.*)/oauth2/introspect(.*)", "all", AppMgt + "/view", "internal_application_mgt_view"),
        Rule("(.*)/scim2/Me", "GET", ResourceRuleAuthorizationHandler.NoPermission, "internal_login"),
        Rule("(.*)/scim2/Users(/?)", "GET", UserMgt + "/list", "internal_user_mgt_list"),
        Rule("(.*)/scim2/Users/.search(.*)", "POST", UserMgt + "/list", "internal_user_mgt_list"),
        Rule("(.*)/scim2/Users/(.+)", "GET", UserMgt + "/view", "internal_user_mgt_view"),
        Rule("(.*)/scim2/Users(.*)", "POST", UserMgt + "/create", "internal_user_mgt_create"),
        Rule("(.*)/scim2/Users/(.*)", "PUT,PATCH", UserMgt + "/update", "internal_user_mgt_update"),
        Rule("(.*)/scim2/Users/(.*)", "DELETE", UserMgt + "/delete", "internal_user_mgt_delete"),
        Rule("(.*)/scim2/Groups(.*)", "GET", RoleMgt + "/view", "internal_role_mgt_view"),
        Rule("(.*)/scim2/Groups(.*)", "POST", RoleMgt + "/create", "internal_role_mgt_create"),
        Rule("(.*)/scim2/Groups(.*)", "PUT,PATCH", RoleMgt + "/update", "internal_role_mgt_update"),
        Rule("(.*)/scim2/Groups(.*)", "DELETE", RoleMgt + "/delete", "internal_role_mgt_delete"),
        // Host extension: the Prometheus scrape needs an administrator unless the operator opens it.
        Rule("(.*)/metrics", "GET", MetricsPermission, "internal_metrics_view"),
        Rule("(.*)/api/compathost/v1/explain", "POST", ExplainPermission, "internal_explain"),
        Rule("(.*)/api/server/v1/applications(.*)", "GET", AppMgt + "/view", "internal_application_mgt_view"),
        Rule("(.*)/api/server/v1/applications(.*)", "POST", AppMgt + "/create", "internal_application_mgt_create"),
        Rule("(.*)/api/server/v1/applications(.*)", "PUT,PATCH", AppMgt + "/update", "internal_application_mgt_update"),
        Rule("(.*)/api/server/v1/applications(.*)", "DELETE", AppMgt + "/delete", "internal_application_mgt_delete"),
    ];

    private static ResourceRule Open(string context, string methods = "all") =>
        Make(context, methods, false, [], [], null);

    private static ResourceRule OpenToClientsOnly(string context) =>
        Make(context, "all", false, [], [], FrozenSet<string>.Empty);

    private static ResourceRule Rule(string context, string methods, string permission, string scope) =>
        Make(context, methods, true, [permission], [scope], null);

    private static ResourceRule Make(string context, string methods, bool secure, string[] permissions, string[] scopes, FrozenSet<string>? handlers)
    {
        if (!JavaRegex.TryCompile(context, out var pattern, out var error))
        {
            throw new InvalidOperationException($"Built-in rule {context}: {error}");
        }

        return new ResourceRule(context, pattern, secure, methods == "all" ? null : methods.Split(',').ToFrozenSet(),
            permissions, scopes, handlers, false, "built-in default");
    }
}
