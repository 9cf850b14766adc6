namespace CompatHost.Host.Access;

/// <summary>
/// The product's permission paths, spelled once: the built-in REST rules and the admin
/// services' <c>[AdminPermission]</c> name them from here. A permission grants its subtree, so
/// the nesting below is the product's (the identity tree under <c>/permission/admin/manage</c>,
/// tenant management under <c>/permission/protected</c>).
/// </summary>
public static class Permissions
{
    /// <summary>What every user of a tenant holds through the everyone role (the product's login permission).</summary>
    public const string Login = "/permission/admin/login";

    /// <summary>The identity tree; the user-store admin services ask for all of it.</summary>
    public const string ManageIdentity = "/permission/admin/manage/identity";

    public static class UserMgt
    {
        public const string Root = ManageIdentity + "/usermgt";
        public const string List = Root + "/list";
        public const string View = Root + "/view";
        public const string Create = Root + "/create";
        public const string Update = Root + "/update";
        public const string Delete = Root + "/delete";
    }

    /// <summary>Role management; rules name its view/create/update/delete leaves (<see cref="BuiltInRules.Crud"/>).</summary>
    public static class RoleMgt
    {
        public const string Root = ManageIdentity + "/rolemgt";
    }

    /// <summary>Applications; the REST rules name the leaves through <see cref="BuiltInRules.Crud"/>, OAuthAdminService directly.</summary>
    public static class ApplicationMgt
    {
        public const string Root = ManageIdentity + "/applicationmgt";
        public const string View = Root + "/view";
        public const string Create = Root + "/create";
        public const string Update = Root + "/update";
        public const string Delete = Root + "/delete";
    }

    /// <summary>Host extensions: the Prometheus scrape and the explain endpoint.</summary>
    public static class Monitor
    {
        public const string Metrics = "/permission/admin/monitor/metrics";
        public const string Explain = "/permission/admin/monitor/explain";
    }

    /// <summary>carbon-multitenancy's tenant management (TenantMgtAdminService).</summary>
    public static class Tenants
    {
        public const string Monitor = "/permission/protected/manage/monitor/tenants";
        public const string List = Monitor + "/list";
        public const string Modify = "/permission/protected/manage/modify/tenants";
    }
}
