using System.ServiceModel;
using System.Xml.Serialization;

namespace CompatHost.Tests.Soap;

// Requests with maxOccurs="unbounded" parameters, as svcutil writes them: WCF ignores XmlElement
// on plain parameters, so a wrapped message contract carries the repeated elements.
[MessageContract(WrapperName = "addUser", WrapperNamespace = UserStoreNs.Value, IsWrapped = true)]
public sealed class addUserRequest
{
    [MessageBodyMember(Namespace = UserStoreNs.Value, Order = 0)] public string? userName;
    [MessageBodyMember(Namespace = UserStoreNs.Value, Order = 1)] public string? credential;
    [MessageBodyMember(Namespace = UserStoreNs.Value, Order = 2)][XmlElement("roleList")] public string[]? roleList;
    [MessageBodyMember(Namespace = UserStoreNs.Value, Order = 3)][XmlElement("claims")] public ClaimDTO[]? claims;
    [MessageBodyMember(Namespace = UserStoreNs.Value, Order = 4)] public string? profileName;
    [MessageBodyMember(Namespace = UserStoreNs.Value, Order = 5)] public bool requirePasswordChange;
}

[MessageContract(WrapperName = "addRole", WrapperNamespace = UserStoreNs.Value, IsWrapped = true)]
public sealed class addRoleRequest
{
    [MessageBodyMember(Namespace = UserStoreNs.Value, Order = 0)] public string? roleName;
    [MessageBodyMember(Namespace = UserStoreNs.Value, Order = 1)][XmlElement("userList")] public string[]? userList;
    [MessageBodyMember(Namespace = UserStoreNs.Value, Order = 2)][XmlElement("permissions")] public PermissionDTO[]? permissions;
}

[MessageContract(WrapperName = "updateRoleListOfUser", WrapperNamespace = UserStoreNs.Value, IsWrapped = true)]
public sealed class updateRoleListOfUserRequest
{
    [MessageBodyMember(Namespace = UserStoreNs.Value, Order = 0)] public string? userName;
    [MessageBodyMember(Namespace = UserStoreNs.Value, Order = 1)][XmlElement("deletedRoles")] public string[]? deletedRoles;
    [MessageBodyMember(Namespace = UserStoreNs.Value, Order = 2)][XmlElement("newRoles")] public string[]? newRoles;
}

// Operations whose results are repeated <return> elements, likewise.
[MessageContract(IsWrapped = true)]
public abstract class StringResults
{
    [MessageBodyMember(Namespace = UserStoreNs.Value)][XmlElement("return")] public string[]? @return;
}

[MessageContract(WrapperName = "listUsers", WrapperNamespace = UserStoreNs.Value, IsWrapped = true)]
public sealed class listUsersRequest
{
    [MessageBodyMember(Namespace = UserStoreNs.Value, Order = 0)] public string? filter;
    [MessageBodyMember(Namespace = UserStoreNs.Value, Order = 1)] public int maxItemLimit;
}

[MessageContract(WrapperName = "listUsersResponse", WrapperNamespace = UserStoreNs.Value, IsWrapped = true)]
public sealed class listUsersResponse : StringResults;

[MessageContract(WrapperName = "getRoleNames", WrapperNamespace = UserStoreNs.Value, IsWrapped = true)]
public sealed class getRoleNamesRequest
{
}

[MessageContract(WrapperName = "getRoleNamesResponse", WrapperNamespace = UserStoreNs.Value, IsWrapped = true)]
public sealed class getRoleNamesResponse : StringResults;

[MessageContract(WrapperName = "getRoleListOfUser", WrapperNamespace = UserStoreNs.Value, IsWrapped = true)]
public sealed class getRoleListOfUserRequest
{
    [MessageBodyMember(Namespace = UserStoreNs.Value, Order = 0)] public string? userName;
}

[MessageContract(WrapperName = "getRoleListOfUserResponse", WrapperNamespace = UserStoreNs.Value, IsWrapped = true)]
public sealed class getRoleListOfUserResponse : StringResults;

[MessageContract(WrapperName = "getUserClaimValues", WrapperNamespace = UserStoreNs.Value, IsWrapped = true)]
public sealed class getUserClaimValuesRequest
{
    [MessageBodyMember(Namespace = UserStoreNs.Value, Order = 0)] public string? userName;
    [MessageBodyMember(Namespace = UserStoreNs.Value, Order = 1)] public string? profileName;
}

[MessageContract(WrapperName = "getUserClaimValuesResponse", WrapperNamespace = UserStoreNs.Value, IsWrapped = true)]
public sealed class getUserClaimValuesResponse
{
    [MessageBodyMember(Namespace = UserStoreNs.Value)][XmlElement("return")] public ClaimDTO[]? @return;
}

file static class UserStoreNs
{
    public const string Value = "http://service.ws.um.carbon.wso2.org";
}

[XmlType(Namespace = "http://dao.service.ws.um.carbon.wso2.org/xsd")]
public sealed class ClaimDTO
{
    public string? claimURI { get; set; }

    public string? value { get; set; }
}

[XmlType(Namespace = "http://dao.service.ws.um.carbon.wso2.org/xsd")]
public sealed class PermissionDTO
{
    public string? action { get; set; }

    public string? resourceId { get; set; }
}
