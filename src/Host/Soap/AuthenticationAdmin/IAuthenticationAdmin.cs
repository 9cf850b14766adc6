using System.ServiceModel;

namespace CompatHost.Host.Soap.AuthenticationAdmin;

/// <summary>The product's AuthenticationAdmin: login starts an admin session named by the JSESSIONID cookie.</summary>
[ServiceContract(Namespace = Ns, Name = "AuthenticationAdminPortType")]
[XmlSerializerFormat(Style = OperationFormatStyle.Document, Use = OperationFormatUse.Literal)]
public interface IAuthenticationAdmin
{
    const string Ns = "http://authentication.services.core.carbon.wso2.org";

    [OperationContract(Name = "login", Action = "urn:login")]
    [return: MessageParameter(Name = "return")]
    bool Login(string username, string password, string remoteAddress);

    [OperationContract(Name = "logout", Action = "urn:logout", IsOneWay = true)]
    void Logout();
}
