using System.Data.Common;

namespace CompatHost.Host.Storage;

/// <summary>
/// Versioned schema changes in SQL both databases accept. Applied in order at every start,
/// each once, under a cross-process lock, so two nodes starting together are safe.
/// Case-insensitive names are compared through lower-cased <c>name_key</c> columns, which
/// behave the same on SQLite and PostgreSQL.
/// </summary>
public static class StoreMigrations
{
    private static readonly (int Version, string Sql)[] Steps =
    [
        (1, """
            CREATE TABLE tenants(domain TEXT PRIMARY KEY, created TEXT NOT NULL);
            CREATE TABLE users(
                id TEXT PRIMARY KEY,
                tenant TEXT NOT NULL REFERENCES tenants(domain),
                domain TEXT NOT NULL,
                name TEXT NOT NULL,
                name_key TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                locked INTEGER NOT NULL DEFAULT 0,
                created TEXT NOT NULL,
                UNIQUE(tenant, domain, name_key));
            CREATE TABLE roles(
                id TEXT PRIMARY KEY,
                tenant TEXT NOT NULL REFERENCES tenants(domain),
                name TEXT NOT NULL,
                name_key TEXT NOT NULL,
                UNIQUE(tenant, name_key));
            CREATE TABLE user_roles(
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                role_id TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
                PRIMARY KEY(user_id, role_id));
            CREATE TABLE role_permissions(
                role_id TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
                path TEXT NOT NULL,
                PRIMARY KEY(role_id, path));
            CREATE TABLE claims(
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                uri TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY(user_id, uri));
            """),
        (2, """
            CREATE TABLE oauth_apps(
                client_id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                tenant TEXT NOT NULL,
                secret_hash TEXT NOT NULL,
                grant_types TEXT NOT NULL,
                callback_url TEXT,
                certificate_pem TEXT,
                certificate_thumbprint TEXT,
                created TEXT NOT NULL,
                UNIQUE(tenant, name));
            CREATE TABLE oauth_tokens(
                token_hash TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                client_id TEXT NOT NULL REFERENCES oauth_apps(client_id) ON DELETE CASCADE,
                user_tenant TEXT,
                user_domain TEXT,
                user_name TEXT,
                scopes TEXT NOT NULL,
                issued TEXT NOT NULL,
                expires TEXT NOT NULL,
                revoked INTEGER NOT NULL DEFAULT 0,
                certificate_thumbprint TEXT);
            CREATE INDEX oauth_tokens_client ON oauth_tokens(client_id);
            """),
        (3, """
            CREATE TABLE admin_sessions(
                id_hash TEXT PRIMARY KEY,
                user_tenant TEXT NOT NULL,
                user_domain TEXT NOT NULL,
                user_name TEXT NOT NULL,
                created TEXT NOT NULL,
                last_use TEXT NOT NULL);
            """),
        // The product's mutual-TLS application settings (JWKS URI, tls_client_auth_subject_dn,
        // token binding type) and the owner a client_credentials token acts for. Applications
        // registered with a certificate had every mutual-TLS token bound before binding became a
        // setting; they keep certificate binding rather than silently losing it.
        (4, """
            ALTER TABLE oauth_apps ADD COLUMN jwks_uri TEXT;
            ALTER TABLE oauth_apps ADD COLUMN tls_client_auth_subject_dn TEXT;
            ALTER TABLE oauth_apps ADD COLUMN token_binding TEXT NOT NULL DEFAULT 'none';
            ALTER TABLE oauth_apps ADD COLUMN owner_tenant TEXT;
            ALTER TABLE oauth_apps ADD COLUMN owner_domain TEXT;
            ALTER TABLE oauth_apps ADD COLUMN owner_name TEXT;
            UPDATE oauth_apps SET token_binding = 'certificate' WHERE certificate_thumbprint IS NOT NULL;
            """),
        // Account lockout state, the product's claims failedLoginAttempts, failedLoginLockoutCount
        // and accountUnlockTime (ms since the epoch, 0 = none), beside the existing locked flag.
        // Kept in the store so every node counts the same failures and honours the same lock.
        (5, """
            ALTER TABLE users ADD COLUMN failed_attempts INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE users ADD COLUMN lockout_count INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE users ADD COLUMN unlock_time BIGINT NOT NULL DEFAULT 0;
            """),
        // A tenant can be deactivated (the product's TenantMgtAdminService.deactivateTenant): its
        // users are then not found, so no handler authenticates them. Existing tenants stay active.
        (6, """
            ALTER TABLE tenants ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
            """),
    ];

    public static int Latest => Steps[^1].Version;

    public static async Task MigrateAsync(IStoreDatabase database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await database.LockForMigrationAsync(connection, transaction, cancellationToken);
        await RunAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version(version INTEGER PRIMARY KEY, applied TEXT NOT NULL)", cancellationToken);
        await using var current = Sql.Command(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
        current.Transaction = transaction;
        var applied = System.Convert.ToInt32(await current.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (version, sql) in Steps.Where(s => s.Version > applied))
        {
            await RunAsync(connection, transaction, sql, cancellationToken);
            await using var record = Sql.Command(connection, "INSERT INTO schema_version(version, applied) VALUES(@v, @t)",
                ("@v", version), ("@t", DateTimeOffset.UtcNow.ToString("O")));
            record.Transaction = transaction;
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task RunAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, sql);
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
