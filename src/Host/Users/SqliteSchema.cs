namespace CompatHost.Host.Users;

/// <summary>The embedded store's schema; idempotent, run at every start.</summary>
public static class SqliteSchema
{
    public const string Script = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS tenants(
            domain TEXT PRIMARY KEY COLLATE NOCASE,
            created TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS users(
            id TEXT PRIMARY KEY,
            tenant TEXT NOT NULL COLLATE NOCASE REFERENCES tenants(domain),
            domain TEXT NOT NULL COLLATE NOCASE,
            name TEXT NOT NULL COLLATE NOCASE,
            password_hash TEXT NOT NULL,
            locked INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL,
            UNIQUE(tenant, domain, name));
        CREATE TABLE IF NOT EXISTS roles(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            tenant TEXT NOT NULL COLLATE NOCASE,
            name TEXT NOT NULL COLLATE NOCASE,
            UNIQUE(tenant, name));
        CREATE TABLE IF NOT EXISTS user_roles(
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            role_id INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
            PRIMARY KEY(user_id, role_id));
        CREATE TABLE IF NOT EXISTS role_permissions(
            role_id INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
            path TEXT NOT NULL,
            PRIMARY KEY(role_id, path));
        CREATE TABLE IF NOT EXISTS claims(
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            uri TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY(user_id, uri));
        """;
}
