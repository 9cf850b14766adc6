using CompatHost.Sdk.Identity;

namespace CompatHost.Host.Users;

/// <summary>
/// The user store: users, roles, role permissions, tenants and claims. The embedded SQLite
/// implementation is the default; every write is durable once the call returns.
/// </summary>
public interface IUserStore : IUserDirectory
{
    /// <summary>
    /// Raised after a user's password, roles or existence change, here or (with a shared
    /// database) on another node, so caches drop what they hold; null means "anything may have
    /// changed" (e.g. after the change feed reconnects).
    /// </summary>
    event Action<QualifiedUserName?>? UserChanged;

    /// <summary>Creates or migrates the schema and the super tenant.</summary>
    void Initialize();

    /// <summary>A change announced by another node (see <see cref="UserChangeKey"/>).</summary>
    void OnRemoteChange(string key);

    void AddTenant(string domain);

    bool TenantExists(string domain);

    /// <summary>Adds a tenant and its administrator (role <c>admin</c>) together; when the user cannot be added, neither is.</summary>
    Task AddTenantWithAdminAsync(string domain, QualifiedUserName admin, string password, IReadOnlyDictionary<string, string> claims,
        CancellationToken cancellationToken);

    Task<IReadOnlyList<TenantRecord>> ListTenantsAsync(CancellationToken cancellationToken);

    Task<TenantRecord?> FindTenantAsync(string domain, CancellationToken cancellationToken);

    /// <summary>Switches a tenant's users on or off; an unknown tenant or the super tenant throws <c>UserStoreException</c>.</summary>
    Task SetTenantActiveAsync(string domain, bool active, CancellationToken cancellationToken);

    /// <summary>The same question on the request path, without blocking a thread on the database.</summary>
    Task<bool> TenantExistsAsync(string domain, CancellationToken cancellationToken);

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

    /// <summary>Every role of the tenant with each permission path it holds.</summary>
    Task<IReadOnlyList<RolePermission>> ListRolePermissionsAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the permissions <paramref name="revokes"/> picks from <paramref name="role"/> (null: every role of the
    /// tenant) in one transaction; returns how many. An unknown role throws <c>UserStoreException</c>.
    /// </summary>
    Task<int> RevokePermissionsAsync(string tenant, string? role, Func<string, bool> revokes, CancellationToken cancellationToken);

    void UpdateRolesOfUser(QualifiedUserName user, IReadOnlyList<string> removed, IReadOnlyList<string> added);

    IReadOnlyDictionary<string, string> GetClaims(QualifiedUserName user);

    void SetClaim(QualifiedUserName user, string uri, string value);

    /// <summary>Checks a password against the store, refusing without PBKDF2 while a lock is in force.</summary>
    ValueTask<PasswordCheck> CheckPasswordAsync(QualifiedUserName user, string password, CancellationToken cancellationToken);

    /// <summary>Counts a failed password; true when this failure locked the account.</summary>
    ValueTask<bool> RecordFailedPasswordAsync(QualifiedUserName user, Lockout.AccountLockSettings settings, CancellationToken cancellationToken);

    ValueTask ResetLockoutAsync(QualifiedUserName user, CancellationToken cancellationToken);

    /// <summary>Lifts a lock and clears the failure counters (operator's <c>users unlock</c>).</summary>
    void Unlock(QualifiedUserName user);
}

/// <summary>How a user change is named between nodes: <c>user:tenant/DOMAIN/name</c>, or <c>*</c> for everything.</summary>
public static class UserChangeKey
{
    public const string Everything = Storage.StoreChanges.Everything;
    private const string Prefix = "user:";

    public static string For(QualifiedUserName user) => $"{Prefix}{user.Tenant}/{user.Domain}/{user.Name}";

    /// <summary>The user named by a key; null for <see cref="Everything"/> or a key about something else.</summary>
    public static bool TryParse(string key, out QualifiedUserName? user)
    {
        user = null;
        if (key == Everything)
        {
            return true;
        }

        var parts = key.StartsWith(Prefix, StringComparison.Ordinal) ? key[Prefix.Length..].Split('/', 3) : [];
        if (parts.Length != 3)
        {
            return false;
        }

        user = QualifiedUserName.Create(parts[2], parts[1], parts[0]);
        return true;
    }
}

/// <summary>A user-store refusal (user exists, no such role, ...): the message is safe to show the caller.</summary>
public sealed class UserStoreException(string message) : Exception(message);
