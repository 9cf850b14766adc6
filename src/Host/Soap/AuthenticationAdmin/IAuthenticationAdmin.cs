using System.ServiceModel;
using CompatHost.Host.Access;

namespace CompatHost.Host.Soap.AuthenticationAdmin;

/// <summary>The product's AuthenticationAdmin: login starts an admin session named by the JSESSIONID cookie.</summary>
[ServiceContract(Namespace = Ns, Name = "AuthenticationAdminPortType")]
[XmlSerializerFormat(Style = OperationFormatStyle.Document, Use = OperationFormatUse.Literal)]
public interface IAuthenticationAdmin
{
    const string Ns = "http://authentication.services.core.carbon.wso2.org";

    // carbon-kernel core.services META-INF/services.xml: AuthenticationAdmin has DoAuthentication
    // false (SoapAccessRules leaves it open) and login's AuthorizationAction is /permission/admin/login,
    // which Login checks itself once the password is verified.
    [AdminPermission(Permissions.Login)]
    [OperationContract(Name = "login", Action = "urn:login")]
    [return: MessageParameter(Name = "return")]
    Task<bool> Login(string username, string password, string remoteAddress);

    // No AuthorizationAction in the product: it only ends the caller's own session.
    [AdminPermission(AdminPermissionAttribute.NoneNeeded)]
    [OperationContract(Name = "logout", Action = "urn:logout", IsOneWay = true)]
    Task Logout();
}
