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
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>A change announced by another node (see <see cref="UserChangeKey"/>).</summary>
    void OnRemoteChange(string key);

    Task AddTenantAsync(string domain, CancellationToken cancellationToken = default);

    Task<bool> TenantExistsAsync(string domain, CancellationToken cancellationToken = default);

    Task AddUserAsync(QualifiedUserName user, string password, IReadOnlyList<string> roles, IReadOnlyDictionary<string, string> claims,
        CancellationToken cancellationToken = default);

    /// <summary>Adds a tenant and its administrator (role <c>admin</c>) together; when the user cannot be added, neither is.</summary>
    Task AddTenantWithAdminAsync(string domain, QualifiedUserName admin, string password, IReadOnlyDictionary<string, string> claims,
        CancellationToken cancellationToken);

    Task<IReadOnlyList<TenantRecord>> ListTenantsAsync(CancellationToken cancellationToken);

    Task<TenantRecord?> FindTenantAsync(string domain, CancellationToken cancellationToken);

    /// <summary>Switches a tenant's users on or off; an unknown tenant or the super tenant throws <c>UserStoreException</c>.</summary>
    Task SetTenantActiveAsync(string domain, bool active, CancellationToken cancellationToken);

    Task DeleteUserAsync(QualifiedUserName user, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<QualifiedUserName>> ListUsersAsync(string tenant, string filter, int limit, int offset = 0, CancellationToken cancellationToken = default);

    Task<int> CountUsersAsync(string tenant, string filter, CancellationToken cancellationToken = default);

    Task<UserAccount?> FindByIdAsync(string id, CancellationToken cancellationToken = default);

    Task SetPasswordAsync(QualifiedUserName user, string password, CancellationToken cancellationToken = default);

    Task AddRoleAsync(string tenant, string role, IReadOnlyList<QualifiedUserName> users, IReadOnlyList<string> permissions,
        CancellationToken cancellationToken = default);

    Task DeleteRoleAsync(string tenant, string role, CancellationToken cancellationToken = default);

    Task<bool> RoleExistsAsync(string tenant, string role, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<string>> ListRolesAsync(string tenant, string filter, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<QualifiedUserName>> UsersInRoleAsync(string tenant, string role, CancellationToken cancellationToken = default);

    Task GrantPermissionsAsync(string tenant, string role, IReadOnlyList<string> permissions, CancellationToken cancellationToken = default);

    Task UpdateRolesOfUserAsync(QualifiedUserName user, IReadOnlyList<string> removed, IReadOnlyList<string> added, CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<string, string>> GetClaimsAsync(QualifiedUserName user, CancellationToken cancellationToken = default);

    /// <summary>Every role of the tenant with each permission path it holds.</summary>
    Task<IReadOnlyList<RolePermission>> ListRolePermissionsAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the permissions <paramref name="revokes"/> picks from <paramref name="role"/> (null: every role of the
    /// tenant) in one transaction; returns how many. An unknown role throws <c>UserStoreException</c>.
    /// </summary>
    Task<int> RevokePermissionsAsync(string tenant, string? role, Func<string, bool> revokes, CancellationToken cancellationToken);

    Task SetClaimAsync(QualifiedUserName user, string uri, string value, CancellationToken cancellationToken = default);

    /// <summary>Checks a password against the store, refusing without PBKDF2 while a lock is in force.</summary>
    ValueTask<PasswordCheck> CheckPasswordAsync(QualifiedUserName user, string password, CancellationToken cancellationToken = default);

    /// <summary>Counts a failed password; true when this failure locked the account.</summary>
    ValueTask<bool> RecordFailedPasswordAsync(QualifiedUserName user, Lockout.AccountLockSettings settings, CancellationToken cancellationToken = default);

    ValueTask ResetLockoutAsync(QualifiedUserName user, CancellationToken cancellationToken = default);

    /// <summary>Lifts a lock and clears the failure counters (operator's <c>users unlock</c>).</summary>
    Task UnlockAsync(QualifiedUserName user, CancellationToken cancellationToken = default);
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
