using System.Globalization;
using CompatHost.Host.Storage;
using CompatHost.Sdk.Identity;

namespace CompatHost.Host.Users;

/// <summary>Tenants as the tenant admin service manages them: with their administrator, listed, switched on and off.</summary>
public sealed partial class SqlUserStore
{
    public async Task AddTenantWithAdminAsync(string domain, QualifiedUserName admin, string password, IReadOnlyDictionary<string, string> claims,
        CancellationToken cancellationToken)
    {
        await AddTenantAsync(domain, cancellationToken);
        try
        {
            await AddUserAsync(admin, password, [AdminRole], claims, cancellationToken);
        }
        catch (Exception ex) when (ex is UserStoreException or OperationCanceledException or System.Data.Common.DbException)
        {
            // A tenant without its administrator is of no use to anyone: take it away again.
            // Not the request's token: a client gone away must not leave the tenant half-made.
            await RemoveNewTenantAsync(domain.ToLowerInvariant(), CancellationToken.None);
            throw;
        }
    }

    public async Task<IReadOnlyList<TenantRecord>> ListTenantsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await Sql.RowsAsync(connection, "SELECT domain, created, active FROM tenants ORDER BY domain", ReadTenant, cancellationToken);
    }

    public async Task<TenantRecord?> FindTenantAsync(string domain, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await Sql.RowsAsync(connection, "SELECT domain, created, active FROM tenants WHERE domain = @domain", ReadTenant, cancellationToken,
            ("@domain", domain.ToLowerInvariant()));
        return rows.FirstOrDefault();
    }

    public async Task SetTenantActiveAsync(string domain, bool active, CancellationToken cancellationToken)
    {
        if (string.Equals(domain, QualifiedUserName.SuperTenant, StringComparison.OrdinalIgnoreCase))
        {
            throw new UserStoreException("The super tenant cannot be deactivated or activated.");
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        if (await Sql.ExecuteAsync(connection, "UPDATE tenants SET active = @active WHERE domain = @domain", cancellationToken,
                ("@active", active ? 1 : 0), ("@domain", domain.ToLowerInvariant())) == 0)
        {
            throw new UserStoreException($"Tenant {domain} does not exist.");
        }

        // Cached accounts of the tenant's users must go now, on this node and the others.
        await ChangedEveryoneAsync(connection, cancellationToken);
    }

    private async Task RemoveNewTenantAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var sql in new[]
        {
            "DELETE FROM user_roles WHERE role_id IN (SELECT id FROM roles WHERE tenant = @tenant)",
            "DELETE FROM role_permissions WHERE role_id IN (SELECT id FROM roles WHERE tenant = @tenant)",
            "DELETE FROM roles WHERE tenant = @tenant",
            "DELETE FROM tenants WHERE domain = @tenant",
        })
        {
            await Sql.ExecuteAsync(connection, sql, cancellationToken, ("@tenant", tenant));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static TenantRecord ReadTenant(System.Data.Common.DbDataReader r) => new(
        r.GetString(0), DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture), Convert.ToInt64(r.GetValue(2), CultureInfo.InvariantCulture) != 0);
}

/// <summary>A tenant: its domain, when it was added, whether its users may sign in.</summary>
public sealed record TenantRecord(string Domain, DateTimeOffset Created, bool Active);
