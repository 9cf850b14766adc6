using System.ServiceModel;
using CompatHost.Host.Soap.UserStoreManager;

namespace CompatHost.Host.Soap.AuthorizationManager;

/// <summary>
/// The product's RemoteAuthorizationManagerService (identity-user-ws,
/// <c>org.wso2.carbon.um.ws.service.AuthorizationManagerService</c>): the operations that map onto
/// role permissions here. Same namespace and wire rules as RemoteUserStoreManagerService;
/// operations without a result are in-only.
/// </summary>
[ServiceContract(Namespace = IRemoteUserStoreManagerService.Ns, Name = "RemoteAuthorizationManagerServicePortType")]
[XmlSerializerFormat(Style = OperationFormatStyle.Document, Use = OperationFormatUse.Literal)]
public interface IRemoteAuthorizationManagerService
{
    // identity-user-ws services.xml: one AuthorizationAction for the whole service, as for the user store.
    const string ManageIdentity = IRemoteUserStoreManagerService.ManageIdentity;

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "isUserAuthorized", Action = "urn:isUserAuthorized")]
    [return: MessageParameter(Name = "return")]
    Task<bool> IsUserAuthorizedAsync(string userName, string resourceId, string action);

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "isRoleAuthorized", Action = "urn:isRoleAuthorized")]
    [return: MessageParameter(Name = "return")]
    Task<bool> IsRoleAuthorizedAsync(string roleName, string resourceId, string action);

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "getAllowedRolesForResource", Action = "urn:getAllowedRolesForResource")]
    Task<GetAllowedRolesForResourceResponse> GetAllowedRolesForResourceAsync(string resourceId, string action);

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "getAllowedUIResourcesForUser", Action = "urn:getAllowedUIResourcesForUser")]
    Task<GetAllowedUIResourcesForUserResponse> GetAllowedUIResourcesForUserAsync(string userName, string permissionRootPath);

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "getAllowedUIResourcesForRole", Action = "urn:getAllowedUIResourcesForRole")]
    Task<GetAllowedUIResourcesForRoleResponse> GetAllowedUIResourcesForRoleAsync(string roleName, string permissionRootPath);

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "authorizeRole", Action = "urn:authorizeRole", IsOneWay = true)]
    Task AuthorizeRoleAsync(string roleName, string resourceId, string action);

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "denyRole", Action = "urn:denyRole", IsOneWay = true)]
    Task DenyRoleAsync(string roleName, string resourceId, string action);

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "clearRoleAuthorization", Action = "urn:clearRoleAuthorization", IsOneWay = true)]
    Task ClearRoleAuthorizationAsync(string roleName, string resourceId, string action);

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "clearAllRoleAuthorization", Action = "urn:clearAllRoleAuthorization", IsOneWay = true)]
    Task ClearAllRoleAuthorizationAsync(string roleName);

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "clearRoleActionOnAllResources", Action = "urn:clearRoleActionOnAllResources", IsOneWay = true)]
    Task ClearRoleActionOnAllResourcesAsync(string roleName, string action);

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "clearResourceAuthorizations", Action = "urn:clearResourceAuthorizations", IsOneWay = true)]
    Task ClearResourceAuthorizationsAsync(string resourceId);
}
