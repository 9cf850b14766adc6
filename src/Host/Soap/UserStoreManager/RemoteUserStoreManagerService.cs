using System.ServiceModel;
using CompatHost.Host.Users;
using CompatHost.Sdk.Identity;

namespace CompatHost.Host.Soap.UserStoreManager;

/// <summary>
/// RemoteUserStoreManagerService over the user store. Operations with a result report store
/// errors as faults; in-only operations swallow them (logged and audited) as the product's
/// Axis2 stack does, unless <c>[admin_service] faults_for_in_only = true</c>.
/// </summary>
public sealed class RemoteUserStoreManagerService(IUserStore store, IUserDirectory users, AdminOperationGuard guard) : IRemoteUserStoreManagerService
{
    public async Task<bool> Authenticate(string userName, string credential)
    {
        await RequireAsync("authenticate");
        return Name(userName) is { } user && await users.VerifyPasswordAsync(user, credential ?? "", Aborted);
    }

    public async Task<bool> IsExistingUser(string userName)
    {
        await RequireAsync("isExistingUser");
        return Name(userName) is { } user && await users.FindAsync(user, Aborted) is not null;
    }

    public async Task<bool> IsExistingRole(string roleName) =>
        await store.RoleExistsAsync(Tenant(await RequireAsync("isExistingRole")), roleName ?? "", Aborted);

    public async Task<ListUsersResponse> ListUsers(string filter, int maxItemLimit)
    {
        var caller = await RequireAsync("listUsers");
        var names = await store.ListUsersAsync(Tenant(caller), filter ?? "*", maxItemLimit <= 0 ? -1 : maxItemLimit, cancellationToken: Aborted);
        return new ListUsersResponse { Body = { Return = [.. names.Select(u => u.ToString())] } };
    }

    public async Task<GetRoleNamesResponse> GetRoleNames() =>
        new() { Body = { Return = [.. await store.ListRolesAsync(Tenant(await RequireAsync("getRoleNames")), "*", Aborted)] } };

    public async Task<GetRoleListOfUserResponse> GetRoleListOfUser(string userName)
    {
        await RequireAsync("getRoleListOfUser");
        return new GetRoleListOfUserResponse { Body = { Return = [.. (await ExistingAsync(userName)).Roles] } };
    }

    public async Task<GetUserClaimValuesResponse> GetUserClaimValues(string userName, string profileName)
    {
        await RequireAsync("getUserClaimValues");
        var claims = await store.GetClaimsAsync((await ExistingAsync(userName)).UserName, Aborted);
        return new GetUserClaimValuesResponse { Body = { Return = [.. claims.Select(c => new ClaimDto { ClaimUri = c.Key, Value = c.Value })] } };
    }

    public async Task<string> GetUserClaimValue(string userName, string claim, string profileName)
    {
        await RequireAsync("getUserClaimValue");
        return (await store.GetClaimsAsync((await ExistingAsync(userName)).UserName, Aborted)).GetValueOrDefault(claim ?? "") ?? "";
    }

    public Task AddUser(AddUserRequest request) =>
        InOnlyAsync("addUser", _ => store.AddUserAsync(Required(request.Body.UserName), request.Body.Credential ?? "", request.Body.RoleList ?? [],
            (request.Body.Claims ?? []).Where(c => c.ClaimUri is not null).ToDictionary(c => c.ClaimUri!, c => c.Value ?? ""), Aborted));

    public Task DeleteUser(string userName) => InOnlyAsync("deleteUser", _ => store.DeleteUserAsync(Required(userName), Aborted));

    public Task AddRole(AddRoleRequest request) =>
        InOnlyAsync("addRole", caller => store.AddRoleAsync(Tenant(caller), Role(request.Body.RoleName), (request.Body.UserList ?? []).Select(Required).ToList(),
            (request.Body.Permissions ?? []).Select(p => p.ResourceId).OfType<string>().ToList(), Aborted));

    public Task DeleteRole(string roleName) => InOnlyAsync("deleteRole", caller => store.DeleteRoleAsync(Tenant(caller), Role(roleName), Aborted));

    public Task UpdateRoleListOfUser(UpdateRoleListOfUserRequest request) =>
        InOnlyAsync("updateRoleListOfUser", _ => store.UpdateRolesOfUserAsync(Required(request.Body.UserName), request.Body.DeletedRoles ?? [],
            request.Body.NewRoles ?? [], Aborted));

    public Task UpdateCredential(string userName, string newCredential, string oldCredential) =>
        InOnlyAsync("updateCredential", async _ =>
        {
            // Every caller here holds the service's permission, as in the product, where the old
            // credential is the only further check.
            var user = Required(userName);
            if (!await users.VerifyPasswordAsync(user, oldCredential ?? "", Aborted))
            {
                throw new UserStoreException("Old credential does not match with the existing credentials.");
            }

            await store.SetPasswordAsync(user, newCredential ?? "", Aborted);
        });

    public Task UpdateCredentialByAdmin(string userName, string newCredential) =>
        InOnlyAsync("updateCredentialByAdmin", _ => store.SetPasswordAsync(Required(userName), newCredential ?? "", Aborted));

    public Task SetUserClaimValue(string userName, string claimURI, string claimValue, string profileName) =>
        InOnlyAsync("setUserClaimValue", _ => store.SetClaimAsync(Required(userName), claimURI ?? "", claimValue ?? "", Aborted));

    private Task InOnlyAsync(string operation, Func<UserAccount, Task> run) =>
        guard.RunInOnlyAsync<IRemoteUserStoreManagerService>(operation, run);

    private CancellationToken Aborted => guard.RequestAborted;

    private Task<UserAccount> RequireAsync(string operation) => guard.RequireAsync<IRemoteUserStoreManagerService>(operation);

    private async Task<UserAccount> ExistingAsync(string userName) =>
        (Name(userName) is { } user ? await users.FindAsync(user, Aborted) : null)
        ?? throw new FaultException($"User {userName} does not exist.");

    private static QualifiedUserName? Name(string? userName) => QualifiedUserName.TryParse(userName, out var user) ? user : null;

    private static QualifiedUserName Required(string? userName) =>
        Name(userName) ?? throw new UserStoreException($"'{userName}' is not a valid user name.");

    private static string Role(string? roleName) =>
        string.IsNullOrWhiteSpace(roleName) ? throw new UserStoreException("A role name is required.") : roleName.Trim();

    private static string Tenant(UserAccount caller) => caller.UserName.Tenant;
}
