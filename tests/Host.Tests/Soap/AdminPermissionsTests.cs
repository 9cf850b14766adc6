using System.ServiceModel;
using CompatHost.Host.Soap;
using CompatHost.Host.Soap.AuthenticationAdmin;
using CompatHost.Host.Soap.UserStoreManager;

namespace CompatHost.Tests.Soap;

/// <summary>Every admin operation names its permission; one that does not stops the host from starting.</summary>
public sealed class AdminPermissionsTests
{
    [Fact]
    public void EveryShippedOperation_DeclaresItsPermission()
    {
        var users = AdminPermissions.Of(typeof(IRemoteUserStoreManagerService));
        var authentication = AdminPermissions.Of(typeof(IAuthenticationAdmin));

        // identity-user-ws services.xml: one AuthorizationAction for the whole service.
        Assert.Equal(16, users.Count);
        Assert.All(users.Values, p => Assert.Equal("/permission/admin/manage/identity", p));
        Assert.Equal("/permission/admin/login", authentication["login"]);
        Assert.Equal(AdminPermissionAttribute.NoneNeeded, authentication["logout"]);
    }

    [Fact]
    public void AnOperationWithoutAPermission_IsAStartupError_NamingIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AdminPermissions.Of(typeof(IHalfDeclared)));

        Assert.Contains("forgotten", error.Message);
        Assert.DoesNotContain("declared,", error.Message);
    }

    [Fact]
    public void APermissionThatIsNoPermissionPath_IsRefusedToo()
    {
        var start = Assert.Throws<InvalidOperationException>(() => AdminPermissions.Of(typeof(INotAPath)));

        Assert.Contains("oops", start.Message);
    }

    [ServiceContract]
    private interface IHalfDeclared
    {
        [AdminPermission("/permission/admin/login")]
        [OperationContract(Name = "declared")]
        void Declared();

        [OperationContract(Name = "forgotten")]
        void Forgotten();
    }

    [ServiceContract]
    private interface INotAPath
    {
        [AdminPermission("admin")]
        [OperationContract(Name = "oops")]
        void Oops();
    }
}
