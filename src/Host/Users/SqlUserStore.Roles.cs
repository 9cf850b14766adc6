using System.Data.Common;
using CompatHost.Host.Storage;
using CompatHost.Sdk.Identity;

namespace CompatHost.Host.Users;

/// <summary>Roles, their permissions and members, and tenants.</summary>
public sealed partial class SqlUserStore
{
    public async Task AddTenantAsync(string domain, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await TenantExistsAsync(connection, domain, cancellationToken))
        {
            throw new UserStoreException($"Tenant {domain} already exists.");
        }

        await AddTenantIfMissingAsync(connection, domain, cancellationToken);
    }

    public async Task<bool> TenantExistsAsync(string domain, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await TenantExistsAsync(connection, domain, cancellationToken);
    }

    public async Task AddRoleAsync(string tenant, string role, IReadOnlyList<QualifiedUserName> users, IReadOnlyList<string> permissions,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await FindRoleIdAsync(connection, tenant, role, cancellationToken) is not null)
        {
            throw new UserStoreException($"Role name: {role} in the system. Please pick another role name.");
        }

        var roleId = Guid.NewGuid().ToString();
        await Sql.ExecuteAsync(connection, "INSERT INTO roles(id, tenant, name, name_key) VALUES(@id, @tenant, @name, @key)", cancellationToken,
            ("@id", roleId), ("@tenant", tenant.ToLowerInvariant()), ("@name", role), ("@key", role.ToLowerInvariant()));
        await AddPermissionsAsync(connection, roleId, permissions, cancellationToken);
        foreach (var user in users)
        {
            var userId = await UserIdAsync(connection, user, cancellationToken) ?? throw new UserStoreException($"User {user} does not exist.");
            await Sql.ExecuteAsync(connection, "INSERT INTO user_roles(user_id, role_id) VALUES(@id, @role) ON CONFLICT DO NOTHING", cancellationToken,
                ("@id", userId), ("@role", roleId));
        }

        await transaction.CommitAsync(cancellationToken);
        await ChangedAsync(connection, users, cancellationToken);
    }

    public async Task DeleteRoleAsync(string tenant, string role, CancellationToken cancellationToken)
    {
        if (IsEveryone(role) || string.Equals(role, AdminRole, StringComparison.OrdinalIgnoreCase))
        {
            throw new UserStoreException($"Role {role} is a system role and cannot be deleted.");
        }

        var members = await UsersInRoleAsync(tenant, role, cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await Sql.ExecuteAsync(connection, "DELETE FROM roles WHERE tenant = @tenant AND name_key = @key", cancellationToken, RoleKey(tenant, role)) == 0)
        {
            throw new UserStoreException($"Role {role} does not exist.");
        }

        await ChangedAsync(connection, members, cancellationToken);
    }

    public async Task<bool> RoleExistsAsync(string tenant, string role, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindRoleIdAsync(connection, tenant, role, cancellationToken) is not null;
    }

    public async Task<IReadOnlyList<string>> ListRolesAsync(string tenant, string filter, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await Sql.RowsAsync(connection, "SELECT name FROM roles WHERE tenant = @tenant AND name_key LIKE @filter ESCAPE '\\' ORDER BY name_key",
            r => r.GetString(0), cancellationToken, ("@tenant", tenant.ToLowerInvariant()), ("@filter", SqlLike.FromWildcard(filter).ToLowerInvariant()));
    }

    public async Task<IReadOnlyList<QualifiedUserName>> UsersInRoleAsync(string tenant, string role, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await Sql.RowsAsync(connection,
            "SELECT u.domain, u.name, u.tenant FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id WHERE r.tenant = @tenant AND r.name_key = @key ORDER BY u.name_key",
            ReadName, cancellationToken, RoleKey(tenant, role));
    }

    public async Task GrantPermissionsAsync(string tenant, string role, IReadOnlyList<string> permissions, CancellationToken cancellationToken)
    {
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await AddPermissionsAsync(connection, await RoleIdAsync(connection, tenant, role, cancellationToken), permissions, cancellationToken);
        }

        var members = await UsersInRoleAsync(tenant, role, cancellationToken);
        await using var notify = await database.OpenAsync(cancellationToken);
        await ChangedAsync(notify, members, cancellationToken);
    }

    public async Task UpdateRolesOfUserAsync(QualifiedUserName user, IReadOnlyList<string> removed, IReadOnlyList<string> added, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await UserIdAsync(connection, user, cancellationToken) ?? throw new UserStoreException($"User {user} does not exist.");
        foreach (var role in removed.Where(r => !IsEveryone(r)))
        {
            await Sql.ExecuteAsync(connection, "DELETE FROM user_roles WHERE user_id = @id AND role_id = @role", cancellationToken,
                ("@id", id), ("@role", await RoleIdAsync(connection, user.Tenant, role, cancellationToken)));
        }

        foreach (var role in added.Where(r => !IsEveryone(r)))
        {
            await Sql.ExecuteAsync(connection, "INSERT INTO user_roles(user_id, role_id) VALUES(@id, @role) ON CONFLICT DO NOTHING", cancellationToken,
                ("@id", id), ("@role", await RoleIdAsync(connection, user.Tenant, role, cancellationToken)));
        }

        await transaction.CommitAsync(cancellationToken);
        await ChangedAsync(connection, [user], cancellationToken);
    }

    /// <summary>Every tenant starts with the product's two system roles.</summary>
    private static async Task AddTenantIfMissingAsync(DbConnection connection, string domain, CancellationToken cancellationToken)
    {
        var tenant = domain.ToLowerInvariant();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await Sql.ExecuteAsync(connection, "INSERT INTO tenants(domain, created) VALUES(@domain, @now) ON CONFLICT DO NOTHING", cancellationToken,
            ("@domain", tenant), ("@now", Now()));
        foreach (var (role, permission) in new[] { (AdminRole, "/permission"), (EveryoneRole, "/permission/admin/login") })
        {
            await Sql.ExecuteAsync(connection, "INSERT INTO roles(id, tenant, name, name_key) VALUES(@id, @tenant, @name, @key) ON CONFLICT DO NOTHING", cancellationToken,
                ("@id", Guid.NewGuid().ToString()), ("@tenant", tenant), ("@name", role), ("@key", role.ToLowerInvariant()));
            await AddPermissionsAsync(connection, await RoleIdAsync(connection, tenant, role, cancellationToken), [permission], cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<bool> TenantExistsAsync(DbConnection connection, string domain, CancellationToken cancellationToken) =>
        await Sql.ScalarAsync<long>(connection, "SELECT COUNT(*) FROM tenants WHERE domain = @domain", cancellationToken, ("@domain", domain.ToLowerInvariant())) > 0;

    private static async Task AddPermissionsAsync(DbConnection connection, string roleId, IReadOnlyList<string> permissions, CancellationToken cancellationToken)
    {
        foreach (var permission in permissions)
        {
            if (!permission.StartsWith("/permission", StringComparison.Ordinal))
            {
                throw new UserStoreException($"Permission '{permission}' is not a permission path (expected /permission/...).");
            }

            await Sql.ExecuteAsync(connection, "INSERT INTO role_permissions(role_id, path) VALUES(@role, @path) ON CONFLICT DO NOTHING", cancellationToken,
                ("@role", roleId), ("@path", permission.TrimEnd('/')));
        }
    }

    private static Task<string?> FindRoleIdAsync(DbConnection connection, string tenant, string role, CancellationToken cancellationToken) =>
        Sql.ScalarAsync<string>(connection, "SELECT id FROM roles WHERE tenant = @tenant AND name_key = @key", cancellationToken, RoleKey(tenant, role));

    private static async Task<string> RoleIdAsync(DbConnection connection, string tenant, string role, CancellationToken cancellationToken) =>
        await FindRoleIdAsync(connection, tenant, role, cancellationToken) ?? throw new UserStoreException($"Role {role} does not exist.");

    private static (string, object?)[] RoleKey(string tenant, string role) =>
        [("@tenant", tenant.ToLowerInvariant()), ("@key", role.ToLowerInvariant())];
}
