using System.ServiceModel;
using CompatHost.Host.Soap.UserStoreManager;

namespace CompatHost.Host.Soap.AuthorizationManager;

// The service shares RemoteUserStoreManagerService's namespace, so its string arrays use the same
// repeated-<ns:return> body.

[MessageContract(IsWrapped = false)]
public sealed class GetAllowedRolesForResourceResponse
{
    [MessageBodyMember(Name = "getAllowedRolesForResourceResponse", Namespace = IRemoteUserStoreManagerService.Ns)]
    public StringArrayBody Body { get; set; } = new();
}

[MessageContract(IsWrapped = false)]
public sealed class GetAllowedUIResourcesForUserResponse
{
    [MessageBodyMember(Name = "getAllowedUIResourcesForUserResponse", Namespace = IRemoteUserStoreManagerService.Ns)]
    public StringArrayBody Body { get; set; } = new();
}

[MessageContract(IsWrapped = false)]
public sealed class GetAllowedUIResourcesForRoleResponse
{
    [MessageBodyMember(Name = "getAllowedUIResourcesForRoleResponse", Namespace = IRemoteUserStoreManagerService.Ns)]
    public StringArrayBody Body { get; set; } = new();
}
