using System.ServiceModel;
using CompatHost.Host.Access;

namespace CompatHost.Host.Soap.UserStoreManager;

/// <summary>
/// The product's RemoteUserStoreManagerService (org.wso2.carbon.um.ws.service), wire for wire:
/// operation and parameter elements in its namespace, SOAPAction <c>urn:&lt;operation&gt;</c>,
/// results in <c>return</c>, arrays as repeated elements (no wrapper), and in-only operations for
/// everything that returns nothing (soap-auth.md: Services).
/// </summary>
[ServiceContract(Namespace = Ns, Name = "RemoteUserStoreManagerServicePortType")]
[XmlSerializerFormat(Style = OperationFormatStyle.Document, Use = OperationFormatUse.Literal)]
public interface IRemoteUserStoreManagerService
{
    const string Ns = "http://service.ws.um.carbon.wso2.org";

    // The product guards the whole service with one AuthorizationAction,
    // /permission/admin/manage/identity (wso2-extensions/identity-user-ws,
    // org.wso2.carbon.um.ws.service META-INF/services.xml), which Carbon's admin-service
    // AuthorizationHandler checks for every operation. A finer split under that tree would let in
    // callers the product refuses, so every operation asks for it.
    const string ManageIdentity = Permissions.ManageIdentity;

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "authenticate", Action = "urn:authenticate")]
    [return: MessageParameter(Name = "return")]
    Task<bool> Authenticate(string userName, string credential);

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "isExistingUser", Action = "urn:isExistingUser")]
    [return: MessageParameter(Name = "return")]
    Task<bool> IsExistingUser(string userName);

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "isExistingRole", Action = "urn:isExistingRole")]
    [return: MessageParameter(Name = "return")]
    Task<bool> IsExistingRole(string roleName);

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "listUsers", Action = "urn:listUsers")]
    Task<ListUsersResponse> ListUsers(string filter, int maxItemLimit);

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "getRoleNames", Action = "urn:getRoleNames")]
    Task<GetRoleNamesResponse> GetRoleNames();

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "getRoleListOfUser", Action = "urn:getRoleListOfUser")]
    Task<GetRoleListOfUserResponse> GetRoleListOfUser(string userName);

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "getUserClaimValues", Action = "urn:getUserClaimValues")]
    Task<GetUserClaimValuesResponse> GetUserClaimValues(string userName, string profileName);

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "getUserClaimValue", Action = "urn:getUserClaimValue")]
    [return: MessageParameter(Name = "return")]
    Task<string> GetUserClaimValue(string userName, string claim, string profileName);

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "addUser", Action = "urn:addUser", IsOneWay = true)]
    Task AddUser(AddUserRequest request);

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "deleteUser", Action = "urn:deleteUser", IsOneWay = true)]
    Task DeleteUser(string userName);

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "addRole", Action = "urn:addRole", IsOneWay = true)]
    Task AddRole(AddRoleRequest request);

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "deleteRole", Action = "urn:deleteRole", IsOneWay = true)]
    Task DeleteRole(string roleName);

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "updateRoleListOfUser", Action = "urn:updateRoleListOfUser", IsOneWay = true)]
    Task UpdateRoleListOfUser(UpdateRoleListOfUserRequest request);

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "updateCredential", Action = "urn:updateCredential", IsOneWay = true)]
    Task UpdateCredential(string userName, string newCredential, string oldCredential);

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "updateCredentialByAdmin", Action = "urn:updateCredentialByAdmin", IsOneWay = true)]
    Task UpdateCredentialByAdmin(string userName, string newCredential);

    [AdminPermission(ManageIdentity)]
    [OperationContract(Name = "setUserClaimValue", Action = "urn:setUserClaimValue", IsOneWay = true)]
    Task SetUserClaimValue(string userName, string claimURI, string claimValue, string profileName);
}
