using System.ServiceModel;
using System.Xml.Serialization;

namespace CompatHost.Tests.Soap;

/// <summary>RemoteAuthorizationManagerService as a WCF client declares it from the WSDL.</summary>
[ServiceContract(Namespace = "http://service.ws.um.carbon.wso2.org", Name = "RemoteAuthorizationManagerServicePortType")]
[XmlSerializerFormat]
public interface IRemoteAuthorizationManagerClient
{
    [OperationContract(Action = "urn:isUserAuthorized", ReplyAction = "*")]
    [return: MessageParameter(Name = "return")]
    bool isUserAuthorized(string userName, string resourceId, string action);

    [OperationContract(Action = "urn:isRoleAuthorized", ReplyAction = "*")]
    [return: MessageParameter(Name = "return")]
    bool isRoleAuthorized(string roleName, string resourceId, string action);

    [OperationContract(Action = "urn:getAllowedRolesForResource", ReplyAction = "*")]
    getAllowedRolesForResourceResponse getAllowedRolesForResource(getAllowedRolesForResourceRequest request);

    [OperationContract(Action = "urn:getAllowedUIResourcesForUser", ReplyAction = "*")]
    getAllowedUIResourcesForUserResponse getAllowedUIResourcesForUser(getAllowedUIResourcesForUserRequest request);

    [OperationContract(Action = "urn:getAllowedUIResourcesForRole", ReplyAction = "*")]
    getAllowedUIResourcesForRoleResponse getAllowedUIResourcesForRole(getAllowedUIResourcesForRoleRequest request);

    [OperationContract(Action = "urn:authorizeRole", IsOneWay = true)]
    void authorizeRole(string roleName, string resourceId, string action);

    [OperationContract(Action = "urn:denyRole", IsOneWay = true)]
    void denyRole(string roleName, string resourceId, string action);

    [OperationContract(Action = "urn:clearRoleAuthorization", IsOneWay = true)]
    void clearRoleAuthorization(string roleName, string resourceId, string action);

    [OperationContract(Action = "urn:clearAllRoleAuthorization", IsOneWay = true)]
    void clearAllRoleAuthorization(string roleName);

    [OperationContract(Action = "urn:clearRoleActionOnAllResources", IsOneWay = true)]
    void clearRoleActionOnAllResources(string roleName, string action);

    [OperationContract(Action = "urn:clearResourceAuthorizations", IsOneWay = true)]
    void clearResourceAuthorizations(string resourceId);
}

[MessageContract(WrapperName = "getAllowedRolesForResource", WrapperNamespace = AuthzNs.Value, IsWrapped = true)]
public sealed class getAllowedRolesForResourceRequest
{
    [MessageBodyMember(Namespace = AuthzNs.Value, Order = 0)] public string? resourceId;
    [MessageBodyMember(Namespace = AuthzNs.Value, Order = 1)] public string? action;
}

[MessageContract(WrapperName = "getAllowedRolesForResourceResponse", WrapperNamespace = AuthzNs.Value, IsWrapped = true)]
public sealed class getAllowedRolesForResourceResponse : StringResults;

[MessageContract(WrapperName = "getAllowedUIResourcesForUser", WrapperNamespace = AuthzNs.Value, IsWrapped = true)]
public sealed class getAllowedUIResourcesForUserRequest
{
    [MessageBodyMember(Namespace = AuthzNs.Value, Order = 0)] public string? userName;
    [MessageBodyMember(Namespace = AuthzNs.Value, Order = 1)] public string? permissionRootPath;
}

[MessageContract(WrapperName = "getAllowedUIResourcesForUserResponse", WrapperNamespace = AuthzNs.Value, IsWrapped = true)]
public sealed class getAllowedUIResourcesForUserResponse : StringResults;

[MessageContract(WrapperName = "getAllowedUIResourcesForRole", WrapperNamespace = AuthzNs.Value, IsWrapped = true)]
public sealed class getAllowedUIResourcesForRoleRequest
{
    [MessageBodyMember(Namespace = AuthzNs.Value, Order = 0)] public string? roleName;
    [MessageBodyMember(Namespace = AuthzNs.Value, Order = 1)] public string? permissionRootPath;
}

[MessageContract(WrapperName = "getAllowedUIResourcesForRoleResponse", WrapperNamespace = AuthzNs.Value, IsWrapped = true)]
public sealed class getAllowedUIResourcesForRoleResponse : StringResults;

file static class AuthzNs
{
    public const string Value = "http://service.ws.um.carbon.wso2.org";
}
