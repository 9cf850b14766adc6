using System.ServiceModel;
using System.Xml.Serialization;

namespace CompatHost.Host.Soap.UserStoreManager;

// Axis2 writes arrays as repeated sibling elements (<ns:return>a</ns:return><ns:return>b</ns:return>),
// which WCF's wrapped parameters cannot express: the operations that carry arrays use message
// contracts whose one body member is the whole wrapper element, shaped by XmlSerializer.

/// <summary>A response whose <c>return</c> repeats once per item.</summary>
public abstract class ArrayResponseBody<T>
{
    [XmlElement("return", Namespace = IRemoteUserStoreManagerService.Ns)]
    public T[] Return { get; set; } = [];
}

public sealed class StringArrayBody : ArrayResponseBody<string>;

public sealed class ClaimArrayBody : ArrayResponseBody<ClaimDto>;

[MessageContract(IsWrapped = false)]
public sealed class ListUsersResponse
{
    [MessageBodyMember(Name = "listUsersResponse", Namespace = IRemoteUserStoreManagerService.Ns)]
    public StringArrayBody Body { get; set; } = new();
}

[MessageContract(IsWrapped = false)]
public sealed class GetRoleNamesResponse
{
    [MessageBodyMember(Name = "getRoleNamesResponse", Namespace = IRemoteUserStoreManagerService.Ns)]
    public StringArrayBody Body { get; set; } = new();
}

[MessageContract(IsWrapped = false)]
public sealed class GetRoleListOfUserResponse
{
    [MessageBodyMember(Name = "getRoleListOfUserResponse", Namespace = IRemoteUserStoreManagerService.Ns)]
    public StringArrayBody Body { get; set; } = new();
}

[MessageContract(IsWrapped = false)]
public sealed class GetUserClaimValuesResponse
{
    [MessageBodyMember(Name = "getUserClaimValuesResponse", Namespace = IRemoteUserStoreManagerService.Ns)]
    public ClaimArrayBody Body { get; set; } = new();
}

/// <summary><c>addRole(roleName, userList*, permissions*)</c>.</summary>
public sealed class AddRoleBody
{
    [XmlElement("roleName", Namespace = IRemoteUserStoreManagerService.Ns)]
    public string? RoleName { get; set; }

    [XmlElement("userList", Namespace = IRemoteUserStoreManagerService.Ns)]
    public string[] UserList { get; set; } = [];

    [XmlElement("permissions", Namespace = IRemoteUserStoreManagerService.Ns)]
    public PermissionDto[] Permissions { get; set; } = [];
}

[MessageContract(IsWrapped = false)]
public sealed class AddRoleRequest
{
    [MessageBodyMember(Name = "addRole", Namespace = IRemoteUserStoreManagerService.Ns)]
    public AddRoleBody Body { get; set; } = new();
}

/// <summary><c>addUser(userName, credential, roleList*, claims*, profileName, requirePasswordChange)</c>.</summary>
public sealed class AddUserBody
{
    [XmlElement("userName", Namespace = IRemoteUserStoreManagerService.Ns)]
    public string? UserName { get; set; }

    [XmlElement("credential", Namespace = IRemoteUserStoreManagerService.Ns)]
    public string? Credential { get; set; }

    [XmlElement("roleList", Namespace = IRemoteUserStoreManagerService.Ns)]
    public string[] RoleList { get; set; } = [];

    [XmlElement("claims", Namespace = IRemoteUserStoreManagerService.Ns)]
    public ClaimDto[] Claims { get; set; } = [];

    [XmlElement("profileName", Namespace = IRemoteUserStoreManagerService.Ns)]
    public string? ProfileName { get; set; }

    [XmlElement("requirePasswordChange", Namespace = IRemoteUserStoreManagerService.Ns)]
    public bool RequirePasswordChange { get; set; }
}

[MessageContract(IsWrapped = false)]
public sealed class AddUserRequest
{
    [MessageBodyMember(Name = "addUser", Namespace = IRemoteUserStoreManagerService.Ns)]
    public AddUserBody Body { get; set; } = new();
}

/// <summary><c>updateRoleListOfUser(userName, deletedRoles*, newRoles*)</c>.</summary>
public sealed class UpdateRoleListOfUserBody
{
    [XmlElement("userName", Namespace = IRemoteUserStoreManagerService.Ns)]
    public string? UserName { get; set; }

    [XmlElement("deletedRoles", Namespace = IRemoteUserStoreManagerService.Ns)]
    public string[] DeletedRoles { get; set; } = [];

    [XmlElement("newRoles", Namespace = IRemoteUserStoreManagerService.Ns)]
    public string[] NewRoles { get; set; } = [];
}

[MessageContract(IsWrapped = false)]
public sealed class UpdateRoleListOfUserRequest
{
    [MessageBodyMember(Name = "updateRoleListOfUser", Namespace = IRemoteUserStoreManagerService.Ns)]
    public UpdateRoleListOfUserBody Body { get; set; } = new();
}
