using System.IdentityModel.Selectors;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.ServiceModel.Security;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Soap;

/// <summary>
/// The client side as a legacy WCF client declares it, written from the product's WSDL
/// (not shared with the host's own contract, so the wire is what is tested).
/// </summary>
[ServiceContract(Namespace = "http://service.ws.um.carbon.wso2.org", Name = "RemoteUserStoreManagerServicePortType")]
[XmlSerializerFormat]
public interface IRemoteUserStoreManagerClient
{
    [OperationContract(Action = "urn:isExistingUser", ReplyAction = "*")]
    [return: MessageParameter(Name = "return")]
    bool isExistingUser(string userName);

    [OperationContract(Action = "urn:authenticate", ReplyAction = "*")]
    [return: MessageParameter(Name = "return")]
    bool authenticate(string userName, string credential);

    [OperationContract(Action = "urn:isExistingRole", ReplyAction = "*")]
    [return: MessageParameter(Name = "return")]
    bool isExistingRole(string roleName);

    [OperationContract(Action = "urn:listUsers", ReplyAction = "*")]
    listUsersResponse listUsers(listUsersRequest request);

    [OperationContract(Action = "urn:getRoleNames", ReplyAction = "*")]
    getRoleNamesResponse getRoleNames(getRoleNamesRequest request);

    [OperationContract(Action = "urn:getRoleListOfUser", ReplyAction = "*")]
    getRoleListOfUserResponse getRoleListOfUser(getRoleListOfUserRequest request);

    [OperationContract(Action = "urn:getUserClaimValues", ReplyAction = "*")]
    getUserClaimValuesResponse getUserClaimValues(getUserClaimValuesRequest request);

    [OperationContract(Action = "urn:getUserClaimValue", ReplyAction = "*")]
    [return: MessageParameter(Name = "return")]
    string getUserClaimValue(string userName, string claim, string profileName);

    [OperationContract(Action = "urn:addUser", IsOneWay = true)]
    void addUser(addUserRequest request);

    [OperationContract(Action = "urn:deleteUser", IsOneWay = true)]
    void deleteUser(string userName);

    [OperationContract(Action = "urn:addRole", IsOneWay = true)]
    void addRole(addRoleRequest request);

    [OperationContract(Action = "urn:deleteRole", IsOneWay = true)]
    void deleteRole(string roleName);

    [OperationContract(Action = "urn:updateRoleListOfUser", IsOneWay = true)]
    void updateRoleListOfUser(updateRoleListOfUserRequest request);

    [OperationContract(Action = "urn:updateCredential", IsOneWay = true)]
    void updateCredential(string userName, string newCredential, string oldCredential);

    [OperationContract(Action = "urn:updateCredentialByAdmin", IsOneWay = true)]
    void updateCredentialByAdmin(string userName, string newCredential);

    [OperationContract(Action = "urn:setUserClaimValue", IsOneWay = true)]
    void setUserClaimValue(string userName, string claimURI, string claimValue, string profileName);
}

[ServiceContract(Namespace = "http://authentication.services.core.carbon.wso2.org", Name = "AuthenticationAdminPortType")]
[XmlSerializerFormat]
public interface IAuthenticationAdminClient
{
    [OperationContract(Action = "urn:login", ReplyAction = "*")]
    [return: MessageParameter(Name = "return")]
    bool login(string username, string password, string remoteAddress);

    [OperationContract(Action = "urn:logout", IsOneWay = true)]
    void logout();
}

/// <summary>WCF channel factories over BasicHttpBinding with transport security and an optional client certificate.</summary>
public static class AdminServiceClients
{
    public static ChannelFactory<T> Factory<T>(int port, string service, X509Certificate2? certificate, CookieContainer? cookies = null)
    {
        var binding = new BasicHttpBinding(BasicHttpSecurityMode.Transport) { AllowCookies = cookies is not null };
        binding.Security.Transport.ClientCredentialType = certificate is null ? HttpClientCredentialType.None : HttpClientCredentialType.Certificate;
        var address = new EndpointAddress($"https://127.0.0.1:{port}/services/{service}.{service}HttpsSoap11Endpoint/");
        var factory = new ChannelFactory<T>(binding, address);
        if (certificate is not null)
        {
            factory.Credentials.ClientCertificate.Certificate = certificate;
        }

        factory.Credentials.ServiceCertificate.SslCertificateAuthentication = new X509ServiceCertificateAuthentication
        {
            CertificateValidationMode = X509CertificateValidationMode.Custom,
            CustomCertificateValidator = new TestServerValidator(),
            RevocationMode = X509RevocationMode.NoCheck,
        };
        if (cookies is not null)
        {
            factory.Open();
            factory.GetProperty<IHttpCookieContainerManager>()!.CookieContainer = cookies;
        }

        return factory;
    }

    /// <summary>Runs a call with extra HTTP headers and SOAP headers on its one outgoing message.</summary>
    public static TResult Call<TChannel, TResult>(TChannel channel, Func<TChannel, TResult> call,
        IReadOnlyDictionary<string, string> httpHeaders, IReadOnlyList<MessageHeader> soapHeaders)
    {
        using var scope = new OperationContextScope((IContextChannel)channel!);
        var http = new HttpRequestMessageProperty();
        foreach (var (name, value) in httpHeaders)
        {
            http.Headers[name] = value;
        }

        OperationContext.Current.OutgoingMessageProperties[HttpRequestMessageProperty.Name] = http;
        foreach (var header in soapHeaders)
        {
            OperationContext.Current.OutgoingMessageHeaders.Add(header);
        }

        return call(channel);
    }

    private sealed class TestServerValidator : X509CertificateValidator
    {
        public override void Validate(X509Certificate2 certificate)
        {
            if (certificate.Thumbprint != TestPki.Instance.Server.Thumbprint)
            {
                throw new System.IdentityModel.Tokens.SecurityTokenValidationException("not the test server");
            }
        }
    }
}
