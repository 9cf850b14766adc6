using System.Net;
using System.ServiceModel;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Soap;

/// <summary>
/// A legacy WCF client, declared from the WSDL as svcutil would (AdminServiceClients), calls
/// every operation of both services on a login session over TLS.
/// </summary>
public sealed class WcfClientTests(WcfClientTests.Fixture fixture) : IClassFixture<WcfClientTests.Fixture>
{
    [Fact]
    public void EveryOperation_OnALoginSession()
    {
        var cookies = new CookieContainer();
        using var login = AdminServiceClients.Factory<IAuthenticationAdminClient>(fixture.Host.Port, "AuthenticationAdmin", null, cookies);
        var admin = login.CreateChannel();
        Assert.True(admin.login("admin", "admin", "127.0.0.1"));

        using var factory = AdminServiceClients.Factory<IRemoteUserStoreManagerClient>(fixture.Host.Port, "RemoteUserStoreManagerService", null, cookies);
        var users = factory.CreateChannel();
        users.addRole(new addRoleRequest { roleName = "wcf-role", userList = [], permissions = [new PermissionDTO { action = "ui.execute", resourceId = "/permission/admin/login" }] });
        Assert.True(users.isExistingRole("wcf-role"));
        users.addUser(new addUserRequest
        {
            userName = "wcf-user", credential = "Wcf-pw-1", roleList = ["wcf-role"], profileName = "default",
            claims = [new ClaimDTO { claimURI = "http://wso2.org/claims/givenname", value = "Wendy" }],
        });
        Assert.True(users.isExistingUser("wcf-user"));
        Assert.True(users.authenticate("wcf-user", "Wcf-pw-1"));
        Assert.Contains("wcf-user", users.listUsers(new listUsersRequest { filter = "wcf-*", maxItemLimit = 10 }).@return!);
        Assert.Contains("wcf-role", users.getRoleNames(new getRoleNamesRequest()).@return!);
        Assert.Contains("wcf-role", users.getRoleListOfUser(new getRoleListOfUserRequest { userName = "wcf-user" }).@return ?? []);
        var claim = Assert.Single(users.getUserClaimValues(new getUserClaimValuesRequest { userName = "wcf-user", profileName = "default" }).@return!);
        Assert.Equal(("http://wso2.org/claims/givenname", "Wendy"), (claim.claimURI, claim.value));
        users.setUserClaimValue("wcf-user", "http://wso2.org/claims/lastname", "Wcf", "default");
        Assert.Equal("Wcf", users.getUserClaimValue("wcf-user", "http://wso2.org/claims/lastname", "default"));
        users.updateRoleListOfUser(new updateRoleListOfUserRequest { userName = "wcf-user", deletedRoles = ["wcf-role"], newRoles = [] });
        Assert.DoesNotContain("wcf-role", users.getRoleListOfUser(new getRoleListOfUserRequest { userName = "wcf-user" }).@return ?? []);
        users.updateCredentialByAdmin("wcf-user", "Wcf-pw-2");
        users.updateCredential("wcf-user", "Wcf-pw-3", "Wcf-pw-2");
        Assert.True(users.authenticate("wcf-user", "Wcf-pw-3"));
        users.deleteUser("wcf-user");
        users.deleteRole("wcf-role");
        Assert.False(users.isExistingUser("wcf-user"));
        Assert.False(users.isExistingRole("wcf-role"));

        admin.logout();
        Assert.Throws<FaultException>(() => users.isExistingUser("admin"));
        ((IClientChannel)users).Abort();
        ((IClientChannel)admin).Abort();
    }

    public sealed class Fixture : SharedHostFixture;
}
