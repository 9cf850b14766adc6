using System.Data.Common;
using CompatHost.Host.Storage;
using CompatHost.Sdk.Identity;

namespace CompatHost.Host.Users;

/// <summary>Roles, their permissions and members, and tenants.</summary>
public sealed partial class SqlUserStore
{
    public void AddTenant(string domain)
    {
        using var connection = Open();
        if (TenantExists(connection, domain))
        {
            throw new UserStoreException($"Tenant {domain} already exists.");
        }

        AddTenantIfMissing(connection, domain);
    }

    public bool TenantExists(string domain)
    {
        using var connection = Open();
        return TenantExists(connection, domain);
    }

    public async Task<bool> TenantExistsAsync(string domain, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await Sql.ScalarAsync<long>(connection, "SELECT COUNT(*) FROM tenants WHERE domain = @domain", cancellationToken,
            ("@domain", domain.ToLowerInvariant())) > 0;
    }

    public void AddRole(string tenant, string role, IReadOnlyList<QualifiedUserName> users, IReadOnlyList<string> permissions)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        if (FindRoleId(connection, tenant, role) is not null)
        {
            throw new UserStoreException($"Role name: {role} in the system. Please pick another role name.");
        }

        var roleId = Guid.NewGuid().ToString();
        Sql.Execute(connection, "INSERT INTO roles(id, tenant, name, name_key) VALUES(@id, @tenant, @name, @key)",
            ("@id", roleId), ("@tenant", tenant.ToLowerInvariant()), ("@name", role), ("@key", role.ToLowerInvariant()));
        AddPermissions(connection, roleId, permissions);
        foreach (var user in users)
        {
            Sql.Execute(connection, "INSERT INTO user_roles(user_id, role_id) VALUES(@id, @role) ON CONFLICT DO NOTHING",
                ("@id", UserId(connection, user) ?? throw new UserStoreException($"User {user} does not exist.")), ("@role", roleId));
        }

        transaction.Commit();
        Changed(connection, users);
    }

    public void DeleteRole(string tenant, string role)
    {
        if (IsEveryone(role) || string.Equals(role, AdminRole, StringComparison.OrdinalIgnoreCase))
        {
            throw new UserStoreException($"Role {role} is a system role and cannot be deleted.");
        }

        var members = UsersInRole(tenant, role);
        using var connection = Open();
        if (Sql.Execute(connection, "DELETE FROM roles WHERE tenant = @tenant AND name_key = @key", RoleKey(tenant, role)) == 0)
        {
            throw new UserStoreException($"Role {role} does not exist.");
        }

        Changed(connection, members);
    }

    public bool RoleExists(string tenant, string role)
    {
        using var connection = Open();
        return FindRoleId(connection, tenant, role) is not null;
    }

    public IReadOnlyList<string> ListRoles(string tenant, string filter)
    {
        using var connection = Open();
        return Sql.Rows(connection, "SELECT name FROM roles WHERE tenant = @tenant AND name_key LIKE @filter ESCAPE '\\' ORDER BY name_key",
            r => r.GetString(0), ("@tenant", tenant.ToLowerInvariant()), ("@filter", SqlLike.FromWildcard(filter).ToLowerInvariant()));
    }

    public IReadOnlyList<QualifiedUserName> UsersInRole(string tenant, string role)
    {
        using var connection = Open();
        return Sql.Rows(connection,
            "SELECT u.domain, u.name, u.tenant FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id WHERE r.tenant = @tenant AND r.name_key = @key ORDER BY u.name_key",
            ReadName, RoleKey(tenant, role));
    }

    public void GrantPermissions(string tenant, string role, IReadOnlyList<string> permissions)
    {
        using (var connection = Open())
        {
            AddPermissions(connection, RoleId(connection, tenant, role), permissions);
        }

        using var notify = Open();
        Changed(notify, UsersInRole(tenant, role));
    }

    public void UpdateRolesOfUser(QualifiedUserName user, IReadOnlyList<string> removed, IReadOnlyList<string> added)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        var id = UserId(connection, user) ?? throw new UserStoreException($"User {user} does not exist.");
        foreach (var role in removed.Where(r => !IsEveryone(r)))
        {
            Sql.Execute(connection, "DELETE FROM user_roles WHERE user_id = @id AND role_id = @role", ("@id", id), ("@role", RoleId(connection, user.Tenant, role)));
        }

        foreach (var role in added.Where(r => !IsEveryone(r)))
        {
            Sql.Execute(connection, "INSERT INTO user_roles(user_id, role_id) VALUES(@id, @role) ON CONFLICT DO NOTHING", ("@id", id), ("@role", RoleId(connection, user.Tenant, role)));
        }

        transaction.Commit();
        Changed(connection, [user]);
    }

    /// <summary>Every tenant starts with the product's two system roles.</summary>
    private static void AddTenantIfMissing(DbConnection connection, string domain)
    {
        var tenant = domain.ToLowerInvariant();
        using var transaction = connection.BeginTransaction();
        Sql.Execute(connection, "INSERT INTO tenants(domain, created) VALUES(@domain, @now) ON CONFLICT DO NOTHING", ("@domain", tenant), ("@now", Now()));
        foreach (var (role, permission) in new[] { (AdminRole, "/permission"), (EveryoneRole, "/permission/admin/login") })
        {
            Sql.Execute(connection, "INSERT INTO roles(id, tenant, name, name_key) VALUES(@id, @tenant, @name, @key) ON CONFLICT DO NOTHING",
                ("@id", Guid.NewGuid().ToString()), ("@tenant", tenant), ("@name", role), ("@key", role.ToLowerInvariant()));
            AddPermissions(connection, RoleId(connection, tenant, role), [permission]);
        }

        transaction.Commit();
    }

    private static bool TenantExists(DbConnection connection, string domain) =>
        Sql.Scalar<long>(connection, "SELECT COUNT(*) FROM tenants WHERE domain = @domain", ("@domain", domain.ToLowerInvariant())) > 0;

    private static void AddPermissions(DbConnection connection, string roleId, IReadOnlyList<string> permissions)
    {
        foreach (var permission in permissions)
        {
            if (!permission.StartsWith("/permission", StringComparison.Ordinal))
            {
                throw new UserStoreException($"Permission '{permission}' is not a permission path (expected /permission/...).");
            }

            Sql.Execute(connection, "INSERT INTO role_permissions(role_id, path) VALUES(@role, @path) ON CONFLICT DO NOTHING",
                ("@role", roleId), ("@path", permission.TrimEnd('/')));
        }
    }

    private static string? FindRoleId(DbConnection connection, string tenant, string role) =>
        Sql.Scalar<string>(connection, "SELECT id FROM roles WHERE tenant = @tenant AND name_key = @key", RoleKey(tenant, role));

    private static string RoleId(DbConnection connection, string tenant, string role) =>
        FindRoleId(connection, tenant, role) ?? throw new UserStoreException($"Role {role} does not exist.");

    private static (string, object?)[] RoleKey(string tenant, string role) =>
        [("@tenant", tenant.ToLowerInvariant()), ("@key", role.ToLowerInvariant())];
}
