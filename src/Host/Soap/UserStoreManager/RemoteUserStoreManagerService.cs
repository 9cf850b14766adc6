using System.ServiceModel;
using CompatHost.Host.Configuration;
using CompatHost.Host.Users;
using CompatHost.Sdk.Identity;

namespace CompatHost.Host.Soap.UserStoreManager;

/// <summary>
/// RemoteUserStoreManagerService over the user store. Operations with a result report store
/// errors as faults; in-only operations swallow them (logged and audited) as the product's
/// Axis2 stack does, unless <c>[admin_service] faults_for_in_only = true</c>.
/// </summary>
public sealed class RemoteUserStoreManagerService(IUserStore store, IUserDirectory users, AdminOperationGuard guard, SettingsStore settings)
    : IRemoteUserStoreManagerService
{

    public bool Authenticate(string userName, string credential)
    {
        Require("authenticate");
        return Name(userName) is { } user && users.VerifyPasswordAsync(user, credential ?? "", CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    public bool IsExistingUser(string userName)
    {
        Require("isExistingUser");
        return Name(userName) is { } user && users.FindAsync(user, CancellationToken.None).AsTask().GetAwaiter().GetResult() is not null;
    }

    public bool IsExistingRole(string roleName) => store.RoleExists(Tenant(Require("isExistingRole")), roleName ?? "");

    public ListUsersResponse ListUsers(string filter, int maxItemLimit)
    {
        var caller = Require("listUsers");
        var names = store.ListUsers(Tenant(caller), filter ?? "*", maxItemLimit <= 0 ? -1 : maxItemLimit).Select(u => u.ToString());
        return new ListUsersResponse { Body = { Return = names.ToArray() } };
    }

    public GetRoleNamesResponse GetRoleNames() =>
        new() { Body = { Return = store.ListRoles(Tenant(Require("getRoleNames")), "*").ToArray() } };

    public GetRoleListOfUserResponse GetRoleListOfUser(string userName)
    {
        Require("getRoleListOfUser");
        return new GetRoleListOfUserResponse { Body = { Return = Existing(userName).Roles.ToArray() } };
    }

    public GetUserClaimValuesResponse GetUserClaimValues(string userName, string profileName)
    {
        Require("getUserClaimValues");
        var claims = store.GetClaims(Existing(userName).UserName).Select(c => new ClaimDto { ClaimUri = c.Key, Value = c.Value });
        return new GetUserClaimValuesResponse { Body = { Return = claims.ToArray() } };
    }

    public string GetUserClaimValue(string userName, string claim, string profileName)
    {
        Require("getUserClaimValue");
        return store.GetClaims(Existing(userName).UserName).GetValueOrDefault(claim ?? "") ?? "";
    }

    public void AddUser(AddUserRequest request) =>
        InOnly("addUser", () => store.AddUser(Required(request.Body.UserName), request.Body.Credential ?? "", request.Body.RoleList ?? [],
            (request.Body.Claims ?? []).Where(c => c.ClaimUri is not null).ToDictionary(c => c.ClaimUri!, c => c.Value ?? "")));

    public void DeleteUser(string userName) => InOnly("deleteUser", () => store.DeleteUser(Required(userName)));

    public void AddRole(AddRoleRequest request) =>
        InOnly("addRole", caller => store.AddRole(Tenant(caller), Role(request.Body.RoleName), (request.Body.UserList ?? []).Select(Required).ToList(),
            (request.Body.Permissions ?? []).Select(p => p.ResourceId).OfType<string>().ToList()));

    public void DeleteRole(string roleName) => InOnly("deleteRole", caller => store.DeleteRole(Tenant(caller), Role(roleName)));

    public void UpdateRoleListOfUser(UpdateRoleListOfUserRequest request) =>
        InOnly("updateRoleListOfUser", () => store.UpdateRolesOfUser(Required(request.Body.UserName), request.Body.DeletedRoles ?? [], request.Body.NewRoles ?? []));

    public void UpdateCredential(string userName, string newCredential, string oldCredential) =>
        InOnly("updateCredential", () =>
        {
            // Every caller here holds the service's permission, as in the product, where the old
            // credential is the only further check.
            var user = Required(userName);
            if (!users.VerifyPasswordAsync(user, oldCredential ?? "", CancellationToken.None).AsTask().GetAwaiter().GetResult())
            {
                throw new UserStoreException("Old credential does not match with the existing credentials.");
            }

            store.SetPassword(user, newCredential ?? "");
        });

    public void UpdateCredentialByAdmin(string userName, string newCredential) =>
        InOnly("updateCredentialByAdmin", () => store.SetPassword(Required(userName), newCredential ?? ""));

    public void SetUserClaimValue(string userName, string claimURI, string claimValue, string profileName) =>
        InOnly("setUserClaimValue", () => store.SetClaim(Required(userName), claimURI ?? "", claimValue ?? ""));

    private void InOnly(string operation, Action run) => InOnly(operation, _ => run());

    private void InOnly(string operation, Action<UserAccount> run)
    {
        var caller = Require(operation);
        try
        {
            run(caller);
        }
        catch (UserStoreException ex)
        {
            if (settings.Current.AdminService.FaultsForInOnly)
            {
                throw new FaultException(ex.Message);
            }

            guard.RecordError(ex.Message);
        }
    }

    private UserAccount Require(string operation) => guard.Require<IRemoteUserStoreManagerService>(operation);

    private UserAccount Existing(string userName) =>
        (Name(userName) is { } user ? users.FindAsync(user, CancellationToken.None).AsTask().GetAwaiter().GetResult() : null)
        ?? throw new FaultException($"User {userName} does not exist.");

    private static QualifiedUserName? Name(string? userName) => QualifiedUserName.TryParse(userName, out var user) ? user : null;

    private static QualifiedUserName Required(string? userName) =>
        Name(userName) ?? throw new UserStoreException($"'{userName}' is not a valid user name.");

    private static string Role(string? roleName) =>
        string.IsNullOrWhiteSpace(roleName) ? throw new UserStoreException("A role name is required.") : roleName.Trim();

    private static string Tenant(UserAccount caller) => caller.UserName.Tenant;
}
