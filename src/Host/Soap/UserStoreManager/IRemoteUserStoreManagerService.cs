using System.ServiceModel;

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
    // org.wso2.carbon.um.ws.service META-INF/services.xml; /permission/admin/configure/security in
    // the older carbon-identity). The host follows soap-auth.md's finer split under that tree,
    // which the conformance vectors rely on: own-account calls need only the login permission.
    const string Login = "/permission/admin/login";
    const string View = "/permission/admin/manage/identity/usermgt/view";
    const string Create = "/permission/admin/manage/identity/usermgt/create";
    const string Update = "/permission/admin/manage/identity/usermgt/update";
    const string Delete = "/permission/admin/manage/identity/usermgt/delete";

    [AdminPermission(Login)]
    [OperationContract(Name = "authenticate", Action = "urn:authenticate")]
    [return: MessageParameter(Name = "return")]
    bool Authenticate(string userName, string credential);

    [AdminPermission(Login)]
    [OperationContract(Name = "isExistingUser", Action = "urn:isExistingUser")]
    [return: MessageParameter(Name = "return")]
    bool IsExistingUser(string userName);

    [AdminPermission(View)]
    [OperationContract(Name = "isExistingRole", Action = "urn:isExistingRole")]
    [return: MessageParameter(Name = "return")]
    bool IsExistingRole(string roleName);

    [AdminPermission(View)]
    [OperationContract(Name = "listUsers", Action = "urn:listUsers")]
    ListUsersResponse ListUsers(string filter, int maxItemLimit);

    [AdminPermission(View)]
    [OperationContract(Name = "getRoleNames", Action = "urn:getRoleNames")]
    GetRoleNamesResponse GetRoleNames();

    [AdminPermission(View)]
    [OperationContract(Name = "getRoleListOfUser", Action = "urn:getRoleListOfUser")]
    GetRoleListOfUserResponse GetRoleListOfUser(string userName);

    [AdminPermission(View)]
    [OperationContract(Name = "getUserClaimValues", Action = "urn:getUserClaimValues")]
    GetUserClaimValuesResponse GetUserClaimValues(string userName, string profileName);

    [AdminPermission(View)]
    [OperationContract(Name = "getUserClaimValue", Action = "urn:getUserClaimValue")]
    [return: MessageParameter(Name = "return")]
    string GetUserClaimValue(string userName, string claim, string profileName);

    [AdminPermission(Create)]
    [OperationContract(Name = "addUser", Action = "urn:addUser", IsOneWay = true)]
    void AddUser(AddUserRequest request);

    [AdminPermission(Delete)]
    [OperationContract(Name = "deleteUser", Action = "urn:deleteUser", IsOneWay = true)]
    void DeleteUser(string userName);

    [AdminPermission(Create)]
    [OperationContract(Name = "addRole", Action = "urn:addRole", IsOneWay = true)]
    void AddRole(AddRoleRequest request);

    [AdminPermission(Delete)]
    [OperationContract(Name = "deleteRole", Action = "urn:deleteRole", IsOneWay = true)]
    void DeleteRole(string roleName);

    [AdminPermission(Update)]
    [OperationContract(Name = "updateRoleListOfUser", Action = "urn:updateRoleListOfUser", IsOneWay = true)]
    void UpdateRoleListOfUser(UpdateRoleListOfUserRequest request);

    [AdminPermission(Login)]
    [OperationContract(Name = "updateCredential", Action = "urn:updateCredential", IsOneWay = true)]
    void UpdateCredential(string userName, string newCredential, string oldCredential);

    [AdminPermission(Update)]
    [OperationContract(Name = "updateCredentialByAdmin", Action = "urn:updateCredentialByAdmin", IsOneWay = true)]
    void UpdateCredentialByAdmin(string userName, string newCredential);

    [AdminPermission(Update)]
    [OperationContract(Name = "setUserClaimValue", Action = "urn:setUserClaimValue", IsOneWay = true)]
    void SetUserClaimValue(string userName, string claimURI, string claimValue, string profileName);
}
