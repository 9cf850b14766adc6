using System.ServiceModel;
using System.Xml.Serialization;

namespace CompatHost.Tests.Soap;

/// <summary>OAuthAdminService as a WCF client declares it from the WSDL (not the host's own contract).</summary>
[ServiceContract(Namespace = OAuthAdminNs.Service, Name = "OAuthAdminServicePortType")]
[XmlSerializerFormat]
public interface IOAuthAdminClient
{
    [OperationContract(Action = "urn:registerOAuthApplicationData", ReplyAction = "*")]
    void registerOAuthApplicationData(OAuthConsumerAppDTO application);

    [OperationContract(Action = "urn:registerAndRetrieveOAuthApplicationData", ReplyAction = "*")]
    [return: MessageParameter(Name = "return")]
    OAuthConsumerAppDTO registerAndRetrieveOAuthApplicationData(OAuthConsumerAppDTO application);

    [OperationContract(Action = "urn:getOAuthApplicationData", ReplyAction = "*")]
    [return: MessageParameter(Name = "return")]
    OAuthConsumerAppDTO getOAuthApplicationData(string consumerKey);

    [OperationContract(Action = "urn:getOAuthApplicationDataByAppName", ReplyAction = "*")]
    [return: MessageParameter(Name = "return")]
    OAuthConsumerAppDTO getOAuthApplicationDataByAppName(string appName);

    [OperationContract(Action = "urn:getAllOAuthApplicationData", ReplyAction = "*")]
    getAllOAuthApplicationDataResponse getAllOAuthApplicationData(getAllOAuthApplicationDataRequest request);

    [OperationContract(Action = "urn:getAllowedGrantTypes", ReplyAction = "*")]
    getAllowedGrantTypesResponse getAllowedGrantTypes(getAllowedGrantTypesRequest request);

    [OperationContract(Action = "urn:updateConsumerApplication", ReplyAction = "*")]
    void updateConsumerApplication(OAuthConsumerAppDTO consumerAppDTO);

    [OperationContract(Action = "urn:updateOauthSecretKey", ReplyAction = "*")]
    void updateOauthSecretKey(string consumerKey);

    [OperationContract(Action = "urn:updateAndRetrieveOauthSecretKey", ReplyAction = "*")]
    [return: MessageParameter(Name = "return")]
    OAuthConsumerAppDTO updateAndRetrieveOauthSecretKey(string consumerKey);

    [OperationContract(Action = "urn:removeOAuthApplicationData", ReplyAction = "*")]
    void removeOAuthApplicationData(string consumerKey);
}

[MessageContract(WrapperName = "getAllOAuthApplicationData", WrapperNamespace = OAuthAdminNs.Service, IsWrapped = true)]
public sealed class getAllOAuthApplicationDataRequest
{
}

[MessageContract(WrapperName = "getAllOAuthApplicationDataResponse", WrapperNamespace = OAuthAdminNs.Service, IsWrapped = true)]
public sealed class getAllOAuthApplicationDataResponse
{
    [MessageBodyMember(Namespace = OAuthAdminNs.Service)][XmlElement("return")] public OAuthConsumerAppDTO[]? @return;
}

[MessageContract(WrapperName = "getAllowedGrantTypes", WrapperNamespace = OAuthAdminNs.Service, IsWrapped = true)]
public sealed class getAllowedGrantTypesRequest
{
}

[MessageContract(WrapperName = "getAllowedGrantTypesResponse", WrapperNamespace = OAuthAdminNs.Service, IsWrapped = true)]
public sealed class getAllowedGrantTypesResponse
{
    [MessageBodyMember(Namespace = OAuthAdminNs.Service)][XmlElement("return")] public string[]? @return;
}

[XmlType(Namespace = OAuthAdminNs.Dto)]
public sealed class OAuthConsumerAppDTO
{
    public string? OAuthVersion { get; set; }

    public string? applicationName { get; set; }

    public string? callbackUrl { get; set; }

    public string? grantTypes { get; set; }

    public string? oauthConsumerKey { get; set; }

    public string? oauthConsumerSecret { get; set; }

    public string? state { get; set; }

    public string? tokenBindingType { get; set; }

    public string? username { get; set; }
}

file static class OAuthAdminNs
{
    public const string Service = "http://oauth.identity.carbon.wso2.org";
    public const string Dto = "http://dto.oauth.identity.carbon.wso2.org/xsd";
}
