using System.Net;
using System.ServiceModel;
using System.Xml.Linq;
using CompatHost.Host.Users;
using CompatHost.Sdk.Identity;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Soap;

/// <summary>
/// RemoteAuthorizationManagerService over real TLS with the product's semantics: a permission
/// grants its subtree, <c>ui.execute</c> is the action, a grant takes effect on the next call of
/// the user it reaches. WCF client on a login session, raw envelopes on both bindings.
/// </summary>
public sealed class RemoteAuthorizationManagerServiceTests(RemoteAuthorizationManagerServiceTests.Fixture fixture)
    : IClassFixture<RemoteAuthorizationManagerServiceTests.Fixture>
{
    private const string Service = "RemoteAuthorizationManagerService";
    private const string UiExecute = "ui.execute";
    private static readonly XNamespace Ns = "http://service.ws.um.carbon.wso2.org";
    private static readonly (string, string) Admin = Basic.Header("admin", "admin");

    private RunningHost Host => fixture.Host;

    [Fact]
    public async Task WcfClient_EveryOperation_WithSubtreeSemantics()
    {
        await Host.Store.AddRoleAsync(QualifiedUserName.SuperTenant, "wcf-authz", [], []);
        await Host.Store.AddUserAsync(QualifiedUserName.Parse("wcf-authz-user"), "Wcf-authz-1", ["wcf-authz"], new Dictionary<string, string>());
        var cookies = new CookieContainer();
        using var login = AdminServiceClients.Factory<IAuthenticationAdminClient>(Host.Port, "AuthenticationAdmin", null, cookies);
        Assert.True(login.CreateChannel().login("admin", "admin", "127.0.0.1"));
        using var factory = AdminServiceClients.Factory<IRemoteAuthorizationManagerClient>(Host.Port, Service, null, cookies);
        var authz = factory.CreateChannel();

        authz.authorizeRole("wcf-authz", "/permission/admin/manage", UiExecute);
        Assert.True(authz.isRoleAuthorized("wcf-authz", "/permission/admin/manage/identity/usermgt", UiExecute));
        Assert.False(authz.isRoleAuthorized("wcf-authz", "/permission/admin/configure", UiExecute));
        Assert.False(authz.isRoleAuthorized("wcf-authz", "/permission/admin/manage", "get"));
        Assert.True(authz.isUserAuthorized("wcf-authz-user", "/permission/admin/manage/identity", UiExecute));
        // Internal/everyone's login permission reaches every user.
        Assert.True(authz.isUserAuthorized("wcf-authz-user", "/permission/admin/login", UiExecute));
        Assert.False(authz.isUserAuthorized("no-such-user", "/permission/admin/login", UiExecute));
        // Names are the caller's tenant's: another tenant's user is not looked at.
        Assert.False(authz.isUserAuthorized("wcf-authz-user@other.example", "/permission/admin/login", UiExecute));
        var allowed = authz.getAllowedRolesForResource(new() { resourceId = "/permission/admin/manage/identity", action = UiExecute }).@return ?? [];
        Assert.Contains("wcf-authz", allowed);
        Assert.Contains("admin", allowed);
        Assert.DoesNotContain("viewer", allowed);
        Assert.Equal(["/permission/admin/login", "/permission/admin/manage"],
            authz.getAllowedUIResourcesForUser(new() { userName = "wcf-authz-user", permissionRootPath = "/permission/admin" }).@return ?? []);
        Assert.Equal(["/permission/admin/manage/identity"],
            authz.getAllowedUIResourcesForRole(new() { roleName = "wcf-authz", permissionRootPath = "/permission/admin/manage/identity" }).@return ?? []);

        authz.clearRoleAuthorization("wcf-authz", "/permission/admin/manage", UiExecute);
        Assert.False(authz.isRoleAuthorized("wcf-authz", "/permission/admin/manage", UiExecute));
        authz.authorizeRole("wcf-authz", "/permission/admin/monitor", UiExecute);
        authz.denyRole("wcf-authz", "/permission/admin/monitor", UiExecute);
        Assert.False(authz.isRoleAuthorized("wcf-authz", "/permission/admin/monitor", UiExecute));
        authz.authorizeRole("wcf-authz", "/permission/admin/monitor", UiExecute);
        authz.clearRoleActionOnAllResources("wcf-authz", UiExecute);
        Assert.False(authz.isRoleAuthorized("wcf-authz", "/permission/admin/monitor", UiExecute));
        authz.authorizeRole("wcf-authz", "/permission/admin/monitor", UiExecute);
        authz.clearAllRoleAuthorization("wcf-authz");
        Assert.False(authz.isRoleAuthorized("wcf-authz", "/permission/admin/monitor", UiExecute));
        authz.authorizeRole("wcf-authz", "/permission/applications/x", UiExecute);
        authz.clearResourceAuthorizations("/permission/applications/x");
        Assert.False(authz.isRoleAuthorized("wcf-authz", "/permission/applications/x", UiExecute));
        ((IClientChannel)authz).Abort();
    }

    [Fact]
    public async Task FieldScript_GrantOverSoap12_TakesEffect_AndDenyOverSoap11_TakesItAway()
    {
        await Host.Store.AddRoleAsync(QualifiedUserName.SuperTenant, "script-authz", [], []);
        await Host.Store.AddUserAsync(QualifiedUserName.Parse("carol"), "Carol-pw-1", ["script-authz"], new Dictionary<string, string>());
        var carol = Basic.Header("carol", "Carol-pw-1");
        var isExisting = new XElement(Ns + "isExistingUser", new XElement(Ns + "userName", "admin"));
        Assert.Equal(500, (await RawSoap.PostAsync(Host, "RemoteUserStoreManagerService", RawSoap.Soap11(isExisting), "isExistingUser", false, carol)).Status);

        var grant = await PostAsync(Body("authorizeRole", ("roleName", "script-authz"), ("resourceId", "/permission/admin/manage/identity"), ("action", UiExecute)), true, Admin);
        Assert.Equal((202, ""), (grant.Status, grant.Body.Trim()));
        var check = await PostAsync(Body("isUserAuthorized", ("userName", "carol"), ("resourceId", "/permission/admin/manage/identity/usermgt/view"), ("action", UiExecute)), false, Admin);
        Assert.Contains("<ns:return>true</ns:return>", check.Body);
        Assert.Equal(200, (await RawSoap.PostAsync(Host, "RemoteUserStoreManagerService", RawSoap.Soap11(isExisting), "isExistingUser", false, carol)).Status);

        var deny = await PostAsync(Body("denyRole", ("roleName", "script-authz"), ("resourceId", "/permission/admin/manage/identity"), ("action", UiExecute)), false, Admin);
        Assert.Equal(202, deny.Status);
        Assert.Equal(500, (await RawSoap.PostAsync(Host, "RemoteUserStoreManagerService", RawSoap.Soap11(isExisting), "isExistingUser", false, carol)).Status);
    }

    [Fact]
    public async Task DenyBelowAGrant_IsAFault_AndChangesNothing()
    {
        await Host.Store.AddRoleAsync(QualifiedUserName.SuperTenant, "broad-authz", [], ["/permission/admin/manage"]);

        var deny = await PostAsync(Body("denyRole", ("roleName", "broad-authz"), ("resourceId", "/permission/admin/manage/identity"), ("action", UiExecute)), false, Admin);

        Assert.Equal(500, deny.Status);
        Assert.Contains("keeps no explicit denials", deny.Body);
        var held = await Host.Store.ListRolePermissionsAsync(QualifiedUserName.SuperTenant, CancellationToken.None);
        Assert.Contains(new RolePermission("broad-authz", "/permission/admin/manage"), held);
    }

    [Fact]
    public async Task StoreRefusals_InOnly_Answer202_AndAreAudited_LikeTheUserStoreService()
    {
        var before = await Host.SettledAuditCountAsync();
        var grant = await PostAsync(Body("authorizeRole", ("roleName", "no-such-role"), ("resourceId", "/permission/admin/login"), ("action", UiExecute)), false, Admin);

        Assert.Equal(202, grant.Status);
        var record = await Host.AuditRecordAsync(r => r.GetProperty("operation").GetString() == "authorizeRole", before);
        Assert.Contains("no-such-role", record.GetProperty("reason").GetString());
        Assert.Equal("admin", record.GetProperty("user").GetString());

        var clearAdmin = await PostAsync(Body("clearAllRoleAuthorization", ("roleName", "admin")), true, Admin);
        Assert.Equal(202, clearAdmin.Status);
        Assert.True((await Host.Store.FindAsync(QualifiedUserName.Parse("admin"), CancellationToken.None))!.HasPermission("/permission"));
    }

    [Fact]
    public async Task MissingPermission_IsAccessDenied_AndAudited()
    {
        var before = await Host.SettledAuditCountAsync();
        var refused = await PostAsync(Body("isUserAuthorized", ("userName", "bob"), ("resourceId", "/permission"), ("action", UiExecute)), true, Basic.Header("bob", "bobpw"));

        Assert.Equal(500, refused.Status);
        Assert.Contains("Access Denied", refused.Body);
        var record = await Host.AuditRecordAsync(r => r.GetProperty("outcome").GetString() == "denied", before);
        Assert.Equal(("bob", "isUserAuthorized"), (record.GetProperty("user").GetString(), record.GetProperty("operation").GetString()));
    }

    private Task<(int Status, string Body, string? ContentType)> PostAsync(XElement body, bool soap12, params (string, string)[] headers) =>
        RawSoap.PostAsync(Host, Service, soap12 ? RawSoap.Soap12(body) : RawSoap.Soap11(body), body.Name.LocalName, soap12, headers);

    private static XElement Body(string operation, params (string Name, string Value)[] parameters) =>
        new(Ns + operation, parameters.Select(p => new XElement(Ns + p.Name, p.Value)));

    public sealed class Fixture : SharedHostFixture;
}
