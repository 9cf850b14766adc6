using System.ServiceModel;
using CompatHost.Host.Access;

namespace CompatHost.Host.Soap.OAuthAdmin;

/// <summary>
/// The product's OAuthAdminService (identity-oauth, <c>org.wso2.carbon.identity.oauth</c>): the
/// application operations field scripts use. As the product's generated stub
/// (<c>OAuthAdminServiceStub</c> builds them as <c>OutInAxisOperation</c>), the operations that
/// return nothing are request-response with an empty response element, so a refusal (unknown
/// application, taken name) reaches the caller as a fault.
/// </summary>
[ServiceContract(Namespace = Ns, Name = "OAuthAdminServicePortType")]
[XmlSerializerFormat(Style = OperationFormatStyle.Document, Use = OperationFormatUse.Literal)]
public interface IOAuthAdminService
{
    const string Ns = "http://oauth.identity.carbon.wso2.org";

    // Per-operation AuthorizationAction of identity-oauth's services.xml for OAuthAdminService:
    // the applicationmgt create / view / update / delete permissions.
    const string Create = Permissions.ApplicationMgt.Create;
    const string View = Permissions.ApplicationMgt.View;
    const string Update = Permissions.ApplicationMgt.Update;
    const string Delete = Permissions.ApplicationMgt.Delete;

    [AdminPermission(Create)]
    [OperationContract(Name = "registerOAuthApplicationData", Action = "urn:registerOAuthApplicationData")]
    Task RegisterOAuthApplicationDataAsync(OAuthConsumerAppDto application);

    [AdminPermission(Create)]
    [OperationContract(Name = "registerAndRetrieveOAuthApplicationData", Action = "urn:registerAndRetrieveOAuthApplicationData")]
    [return: MessageParameter(Name = "return")]
    Task<OAuthConsumerAppDto> RegisterAndRetrieveOAuthApplicationDataAsync(OAuthConsumerAppDto application);

    [AdminPermission(View)]
    [OperationContract(Name = "getOAuthApplicationData", Action = "urn:getOAuthApplicationData")]
    [return: MessageParameter(Name = "return")]
    Task<OAuthConsumerAppDto> GetOAuthApplicationDataAsync(string consumerKey);

    [AdminPermission(View)]
    [OperationContract(Name = "getOAuthApplicationDataByAppName", Action = "urn:getOAuthApplicationDataByAppName")]
    [return: MessageParameter(Name = "return")]
    Task<OAuthConsumerAppDto> GetOAuthApplicationDataByAppNameAsync(string appName);

    [AdminPermission(View)]
    [OperationContract(Name = "getAllOAuthApplicationData", Action = "urn:getAllOAuthApplicationData")]
    Task<GetAllOAuthApplicationDataResponse> GetAllOAuthApplicationDataAsync();

    [AdminPermission(View)]
    [OperationContract(Name = "getAllowedGrantTypes", Action = "urn:getAllowedGrantTypes")]
    Task<GetAllowedGrantTypesResponse> GetAllowedGrantTypesAsync();

    [AdminPermission(Update)]
    [OperationContract(Name = "updateConsumerApplication", Action = "urn:updateConsumerApplication")]
    Task UpdateConsumerApplicationAsync(OAuthConsumerAppDto consumerAppDTO);

    [AdminPermission(Update)]
    [OperationContract(Name = "updateOauthSecretKey", Action = "urn:updateOauthSecretKey")]
    Task UpdateOauthSecretKeyAsync(string consumerKey);

    [AdminPermission(Update)]
    [OperationContract(Name = "updateAndRetrieveOauthSecretKey", Action = "urn:updateAndRetrieveOauthSecretKey")]
    [return: MessageParameter(Name = "return")]
    Task<OAuthConsumerAppDto> UpdateAndRetrieveOauthSecretKeyAsync(string consumerKey);

    [AdminPermission(Delete)]
    [OperationContract(Name = "removeOAuthApplicationData", Action = "urn:removeOAuthApplicationData")]
    Task RemoveOAuthApplicationDataAsync(string consumerKey);
}
