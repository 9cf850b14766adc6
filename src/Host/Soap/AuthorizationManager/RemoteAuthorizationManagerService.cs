using System.ServiceModel;
using CompatHost.Host.Users;
using CompatHost.Sdk.Identity;

namespace CompatHost.Host.Soap.AuthorizationManager;

/// <summary>
/// RemoteAuthorizationManagerService over role permissions. The host keeps one action, the
/// product's <c>ui.execute</c> (what its permission tree checks for admin permissions), and a
/// permission grants its subtree, as everywhere here. It keeps grants only, no explicit denials:
/// <c>denyRole</c> removes the role's grants of the resource and below, and is refused with a
/// fault, changing nothing, when the role would still hold the resource through a grant above it.
/// </summary>
public sealed class RemoteAuthorizationManagerService(IUserStore store, IUserDirectory users, AdminOperationGuard guard)
    : IRemoteAuthorizationManagerService
{
    public const string UiExecute = "ui.execute";

    public async Task<bool> IsUserAuthorizedAsync(string userName, string resourceId, string action)
    {
        var caller = await Require("isUserAuthorized");
        return IsUiPermission(resourceId, action) && await FindUserAsync(caller, userName) is { } account && account.HasPermission(resourceId);
    }

    public async Task<bool> IsRoleAuthorizedAsync(string roleName, string resourceId, string action)
    {
        var caller = await Require("isRoleAuthorized");
        return IsUiPermission(resourceId, action) && (await PermissionsOfAsync(caller, roleName)).Any(p => PermissionPath.Grants(p, resourceId));
    }

    public async Task<GetAllowedRolesForResourceResponse> GetAllowedRolesForResourceAsync(string resourceId, string action)
    {
        var caller = await Require("getAllowedRolesForResource");
        var roles = IsUiPermission(resourceId, action)
            ? (await store.ListRolePermissionsAsync(caller.UserName.Tenant, guard.RequestAborted))
                .Where(p => PermissionPath.Grants(p.Path, resourceId)).Select(p => p.Role).Distinct(StringComparer.OrdinalIgnoreCase)
            : [];
        return new() { Body = { Return = roles.ToArray() } };
    }

    public async Task<GetAllowedUIResourcesForUserResponse> GetAllowedUIResourcesForUserAsync(string userName, string permissionRootPath)
    {
        var caller = await Require("getAllowedUIResourcesForUser");
        var account = await FindUserAsync(caller, userName) ?? throw new FaultException($"User {userName} does not exist.");
        return new() { Body = { Return = Under(account.Permissions, permissionRootPath) } };
    }

    public async Task<GetAllowedUIResourcesForRoleResponse> GetAllowedUIResourcesForRoleAsync(string roleName, string permissionRootPath)
    {
        var caller = await Require("getAllowedUIResourcesForRole");
        return new() { Body = { Return = Under(await PermissionsOfAsync(caller, roleName), permissionRootPath) } };
    }

    public Task AuthorizeRoleAsync(string roleName, string resourceId, string action) =>
        guard.RunInOnlyAsync<IRemoteAuthorizationManagerService>("authorizeRole", async caller =>
        {
            CheckAccess(caller, resourceId);
            if (action != UiExecute)
            {
                throw new UserStoreException($"Action '{action}' is not kept by this host; permissions are granted for {UiExecute}.");
            }

            await store.GrantPermissionsAsync(caller.UserName.Tenant, roleName ?? "", [resourceId ?? ""], guard.RequestAborted);
        });

    public Task DenyRoleAsync(string roleName, string resourceId, string action) =>
        guard.RunInOnlyAsync<IRemoteAuthorizationManagerService>("denyRole", async caller =>
        {
            CheckAccess(caller, resourceId);
            if (action != UiExecute)
            {
                return;
            }

            // Without explicit denials a grant above the resource would go on granting it: refuse
            // loudly rather than answer 202 for a denial that did not happen.
            if ((await PermissionsOfAsync(caller, roleName)).FirstOrDefault(p => PermissionPath.Grants(p, resourceId) && !PermissionPath.Grants(resourceId, p)) is { } above)
            {
                throw new FaultException($"Role {roleName} holds {above}, which grants {resourceId}; this host keeps no explicit denials. Clear {above} instead.");
            }

            await RevokeAsync(caller, roleName, p => PermissionPath.Grants(resourceId, p));
        });

    public Task ClearRoleAuthorizationAsync(string roleName, string resourceId, string action) =>
        guard.RunInOnlyAsync<IRemoteAuthorizationManagerService>("clearRoleAuthorization", caller =>
            action == UiExecute ? RevokeAsync(caller, roleName, p => SamePath(p, resourceId)) : Task.CompletedTask);

    public Task ClearAllRoleAuthorizationAsync(string roleName) =>
        guard.RunInOnlyAsync<IRemoteAuthorizationManagerService>("clearAllRoleAuthorization", caller => RevokeAsync(caller, roleName, _ => true));

    public Task ClearRoleActionOnAllResourcesAsync(string roleName, string action) =>
        guard.RunInOnlyAsync<IRemoteAuthorizationManagerService>("clearRoleActionOnAllResources", caller =>
            action == UiExecute ? RevokeAsync(caller, roleName, _ => true) : Task.CompletedTask);

    public Task ClearResourceAuthorizationsAsync(string resourceId) =>
        guard.RunInOnlyAsync<IRemoteAuthorizationManagerService>("clearResourceAuthorizations", async caller =>
        {
            CheckAccess(caller, resourceId);
            await store.RevokePermissionsAsync(caller.UserName.Tenant, null, p => SamePath(p, resourceId), guard.RequestAborted);
        });

    private Task<UserAccount> Require(string operation) => guard.RequireAsync<IRemoteAuthorizationManagerService>(operation);

    private async Task RevokeAsync(UserAccount caller, string? roleName, Func<string, bool> revokes)
    {
        // As RemoteUserStoreManagerService's deleteRole, the admin role stays whole: clearing it
        // would lock every administrator out.
        if (string.Equals(roleName, SqlUserStore.AdminRole, StringComparison.OrdinalIgnoreCase))
        {
            throw new UserStoreException($"The permissions of the {SqlUserStore.AdminRole} role cannot be cleared.");
        }

        await store.RevokePermissionsAsync(caller.UserName.Tenant, roleName ?? "", revokes, guard.RequestAborted);
    }

    /// <summary>
    /// The product's admin service works in the caller's tenant realm: a bare name is a user of that
    /// tenant, and another tenant's user is not there to be found.
    /// </summary>
    private async Task<UserAccount?> FindUserAsync(UserAccount caller, string? userName)
    {
        if (!QualifiedUserName.TryParse(userName, out var user))
        {
            return null;
        }

        var tenant = caller.UserName.Tenant;
        var inRealm = userName!.Contains('@') ? user : QualifiedUserName.Create(user.Name, user.Domain, tenant);
        return inRealm.Tenant == tenant ? await users.FindAsync(inRealm, guard.RequestAborted) : null;
    }

    private async Task<IReadOnlyList<string>> PermissionsOfAsync(UserAccount caller, string? roleName) =>
        (await store.ListRolePermissionsAsync(caller.UserName.Tenant, guard.RequestAborted))
            .Where(p => string.Equals(p.Role, roleName, StringComparison.OrdinalIgnoreCase)).Select(p => p.Path).ToList();

    /// <summary>
    /// identity-user-ws <c>Util.checkAccess</c>: a resource naming "protected" is the super tenant's,
    /// and another tenant may not change who holds it.
    /// </summary>
    private static void CheckAccess(UserAccount caller, string? resourceId)
    {
        if (resourceId?.Contains("protected", StringComparison.Ordinal) == true && !caller.UserName.IsSuperTenant)
        {
            throw new UserStoreException("Access Denied");
        }
    }

    private static bool IsUiPermission(string? resourceId, string? action) => action == UiExecute && !string.IsNullOrEmpty(resourceId);

    private static bool SamePath(string held, string? resourceId) =>
        resourceId is not null && string.Equals(held.TrimEnd('/'), resourceId.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The held paths that lie under <paramref name="root"/>, and the root itself when a path
    /// above it is held (its whole subtree is then allowed); "/" or nothing means every path.
    /// </summary>
    private static string[] Under(IEnumerable<string> held, string? root)
    {
        var everything = string.IsNullOrEmpty(root?.TrimEnd('/'));
        return held.Select(p => everything || PermissionPath.Grants(root!, p) ? p : PermissionPath.Grants(p, root!) ? root!.TrimEnd('/') : null)
            .OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToArray();
    }
}
