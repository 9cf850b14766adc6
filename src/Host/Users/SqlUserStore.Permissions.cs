using CompatHost.Host.Storage;
using CompatHost.Sdk.Identity;

namespace CompatHost.Host.Users;

/// <summary>Role permissions as the authorization admin service reads and clears them.</summary>
public sealed partial class SqlUserStore
{
    public async Task<IReadOnlyList<RolePermission>> ListRolePermissionsAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await Sql.RowsAsync(connection,
            "SELECT r.name, p.path FROM roles r JOIN role_permissions p ON p.role_id = r.id WHERE r.tenant = @tenant ORDER BY r.name_key, p.path",
            r => new RolePermission(r.GetString(0), r.GetString(1)), cancellationToken, ("@tenant", tenant.ToLowerInvariant()));
    }

    public async Task<int> RevokePermissionsAsync(string tenant, string? role, Func<string, bool> revokes, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (role is not null && await FindRoleIdAsync(connection, tenant, role, cancellationToken) is null)
        {
            throw new UserStoreException($"Role {role} does not exist.");
        }

        var rows = await Sql.RowsAsync(connection,
            "SELECT r.id, r.name_key, p.path FROM roles r JOIN role_permissions p ON p.role_id = r.id WHERE r.tenant = @tenant AND (@key IS NULL OR r.name_key = @key)",
            r => (RoleId: r.GetString(0), Key: r.GetString(1), Path: r.GetString(2)), cancellationToken,
            ("@tenant", tenant.ToLowerInvariant()), ("@key", role?.ToLowerInvariant()));
        var revoked = rows.Where(r => revokes(r.Path)).ToList();
        foreach (var (roleId, _, path) in revoked)
        {
            await Sql.ExecuteAsync(connection, "DELETE FROM role_permissions WHERE role_id = @role AND path = @path", cancellationToken,
                ("@role", roleId), ("@path", path));
        }

        await transaction.CommitAsync(cancellationToken);
        // Every user of the tenant holds Internal/everyone: its change can touch anyone cached.
        if (revoked.Any(r => r.Key == EveryoneRole.ToLowerInvariant()))
        {
            await ChangedEveryoneAsync(connection, cancellationToken);
        }
        else
        {
            foreach (var roleId in revoked.Select(r => r.RoleId).Distinct())
            {
                await ChangedAsync(connection, await Sql.RowsAsync(connection,
                    "SELECT u.domain, u.name, u.tenant FROM users u JOIN user_roles ur ON ur.user_id = u.id WHERE ur.role_id = @role",
                    ReadName, cancellationToken, ("@role", roleId)), cancellationToken);
            }
        }

        return revoked.Count;
    }

    private async Task ChangedEveryoneAsync(System.Data.Common.DbConnection connection, CancellationToken cancellationToken)
    {
        UserChanged?.Invoke(null);
        if (database.IsShared)
        {
            await database.PublishAsync(connection, UserChangeKey.Everything, cancellationToken);
        }
    }
}

/// <summary>One permission path a role holds.</summary>
public sealed record RolePermission(string Role, string Path);
