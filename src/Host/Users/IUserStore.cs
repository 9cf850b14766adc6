using CompatHost.Sdk.Identity;

namespace CompatHost.Host.Users;

/// <summary>
/// The user store: users, roles, role permissions, tenants and claims. The embedded SQLite
/// implementation is the default; every write is durable once the call returns.
/// </summary>
public interface IUserStore : IUserDirectory
{
    /// <summary>Raised after a user's password or roles change, so caches can drop what they hold for that user.</summary>
    event Action<QualifiedUserName>? UserChanged;

    void Initialize();

    void AddTenant(string domain);

    bool TenantExists(string domain);

    void AddUser(QualifiedUserName user, string password, IReadOnlyList<string> roles, IReadOnlyDictionary<string, string> claims);

    void DeleteUser(QualifiedUserName user);

    IReadOnlyList<QualifiedUserName> ListUsers(string tenant, string filter, int limit, int offset = 0);

    int CountUsers(string tenant, string filter);

    UserAccount? FindById(string id);

    void SetPassword(QualifiedUserName user, string password);

    void AddRole(string tenant, string role, IReadOnlyList<QualifiedUserName> users, IReadOnlyList<string> permissions);

    void DeleteRole(string tenant, string role);

    bool RoleExists(string tenant, string role);

    IReadOnlyList<string> ListRoles(string tenant, string filter);

    IReadOnlyList<QualifiedUserName> UsersInRole(string tenant, string role);

    void GrantPermissions(string tenant, string role, IReadOnlyList<string> permissions);

    void UpdateRolesOfUser(QualifiedUserName user, IReadOnlyList<string> removed, IReadOnlyList<string> added);

    IReadOnlyDictionary<string, string> GetClaims(QualifiedUserName user);

    void SetClaim(QualifiedUserName user, string uri, string value);
}

/// <summary>A user-store refusal (user exists, no such role, ...): the message is safe to show the caller.</summary>
public sealed class UserStoreException(string message) : Exception(message);
