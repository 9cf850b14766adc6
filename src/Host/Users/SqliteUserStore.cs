using CompatHost.Sdk.Identity;
using Microsoft.Data.Sqlite;

namespace CompatHost.Host.Users;

/// <summary>
/// The embedded default store (repository/database/identity.db). WAL journal with
/// synchronous=FULL: a write is on disk when the call returns, so a crash loses nothing
/// acknowledged. Names compare case-insensitively (ASCII, SQLite's NOCASE).
/// </summary>
public sealed class SqliteUserStore(string databaseFile) : IUserStore
{
    public const string EveryoneRole = "Internal/everyone";
    public const string AdminRole = "admin";

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = databaseFile,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public event Action<QualifiedUserName>? UserChanged;

    public void Initialize()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databaseFile))!);
        using var connection = Open();
        Execute(connection, SqliteSchema.Script);
        AddTenantIfMissing(connection, QualifiedUserName.SuperTenant);
    }

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

    public ValueTask<UserAccount?> FindAsync(QualifiedUserName user, CancellationToken cancellationToken)
    {
        using var connection = Open();
        return ValueTask.FromResult(Find(connection, "tenant = $tenant AND domain = $domain AND name = $name", Bind(user)));
    }

    public UserAccount? FindById(string id)
    {
        using var connection = Open();
        return Find(connection, "id = $id", c => c.Parameters.AddWithValue("$id", id));
    }

    public ValueTask<bool> VerifyPasswordAsync(QualifiedUserName user, string password, CancellationToken cancellationToken)
    {
        using var connection = Open();
        var hash = Scalar<string>(connection, "SELECT password_hash FROM users WHERE tenant = $tenant AND domain = $domain AND name = $name AND locked = 0", Bind(user));
        return ValueTask.FromResult(PasswordHasher.Verify(password, hash));
    }

    public void AddUser(QualifiedUserName user, string password, IReadOnlyList<string> roles, IReadOnlyDictionary<string, string> claims)
    {
        ValidatePassword(password);
        using var connection = Open();
        using var tx = connection.BeginTransaction();
        if (!TenantExists(connection, user.Tenant))
        {
            throw new UserStoreException($"Tenant {user.Tenant} does not exist.");
        }

        if (Find(connection, "tenant = $tenant AND domain = $domain AND name = $name", Bind(user)) is not null)
        {
            throw new UserStoreException($"Username '{user}' already exists in the system. Pick another username.");
        }

        var id = Guid.NewGuid().ToString();
        Execute(connection, "INSERT INTO users(id, tenant, domain, name, password_hash, locked, created) VALUES($id, $tenant, $domain, $name, $hash, 0, $now)", c =>
        {
            Bind(user)(c);
            c.Parameters.AddWithValue("$id", id);
            c.Parameters.AddWithValue("$hash", PasswordHasher.Hash(password));
            c.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O"));
        });
        foreach (var role in roles.Where(r => !IsEveryone(r)))
        {
            Execute(connection, "INSERT OR IGNORE INTO user_roles(user_id, role_id) VALUES($id, $role)", c =>
            {
                c.Parameters.AddWithValue("$id", id);
                c.Parameters.AddWithValue("$role", RoleId(connection, user.Tenant, role));
            });
        }

        foreach (var (uri, value) in claims)
        {
            UpsertClaim(connection, id, uri, value);
        }

        tx.Commit();
    }

    public void DeleteUser(QualifiedUserName user)
    {
        using var connection = Open();
        var deleted = Execute(connection, "DELETE FROM users WHERE tenant = $tenant AND domain = $domain AND name = $name", Bind(user));
        if (deleted == 0)
        {
            throw new UserStoreException($"User {user} does not exist.");
        }

        UserChanged?.Invoke(user);
    }

    public IReadOnlyList<QualifiedUserName> ListUsers(string tenant, string filter, int limit, int offset = 0)
    {
        using var connection = Open();
        using var command = Command(connection,
            "SELECT domain, name, tenant FROM users WHERE tenant = $tenant AND (name LIKE $filter ESCAPE '\\' OR (domain || '/' || name) LIKE $filter ESCAPE '\\') ORDER BY name LIMIT $limit OFFSET $offset", c =>
        {
            c.Parameters.AddWithValue("$tenant", tenant);
            c.Parameters.AddWithValue("$filter", SqlLike.FromWildcard(filter));
            c.Parameters.AddWithValue("$limit", limit < 0 ? -1 : limit);
            c.Parameters.AddWithValue("$offset", offset);
        });
        using var reader = command.ExecuteReader();
        var result = new List<QualifiedUserName>();
        while (reader.Read())
        {
            result.Add(QualifiedUserName.Create(reader.GetString(1), reader.GetString(0), reader.GetString(2)));
        }

        return result;
    }

    public int CountUsers(string tenant, string filter)
    {
        using var connection = Open();
        return (int)Scalar<long>(connection, "SELECT COUNT(*) FROM users WHERE tenant = $tenant AND (name LIKE $filter ESCAPE '\\' OR (domain || '/' || name) LIKE $filter ESCAPE '\\')", c =>
        {
            c.Parameters.AddWithValue("$tenant", tenant);
            c.Parameters.AddWithValue("$filter", SqlLike.FromWildcard(filter));
        });
    }

    public void SetPassword(QualifiedUserName user, string password)
    {
        ValidatePassword(password);
        using var connection = Open();
        var changed = Execute(connection, "UPDATE users SET password_hash = $hash WHERE tenant = $tenant AND domain = $domain AND name = $name", c =>
        {
            Bind(user)(c);
            c.Parameters.AddWithValue("$hash", PasswordHasher.Hash(password));
        });
        if (changed == 0)
        {
            throw new UserStoreException($"User {user} does not exist.");
        }

        UserChanged?.Invoke(user);
    }

    public void AddRole(string tenant, string role, IReadOnlyList<QualifiedUserName> users, IReadOnlyList<string> permissions)
    {
        using var connection = Open();
        using var tx = connection.BeginTransaction();
        if (Scalar<long>(connection, "SELECT COUNT(*) FROM roles WHERE tenant = $tenant AND name = $role", BindRole(tenant, role)) > 0)
        {
            throw new UserStoreException($"Role name: {role} in the system. Please pick another role name.");
        }

        Execute(connection, "INSERT INTO roles(tenant, name) VALUES($tenant, $role)", BindRole(tenant, role));
        var roleId = RoleId(connection, tenant, role);
        AddPermissions(connection, roleId, permissions);
        foreach (var user in users)
        {
            var id = Scalar<string>(connection, "SELECT id FROM users WHERE tenant = $tenant AND domain = $domain AND name = $name", Bind(user))
                ?? throw new UserStoreException($"User {user} does not exist.");
            Execute(connection, "INSERT OR IGNORE INTO user_roles(user_id, role_id) VALUES($id, $role)", c =>
            {
                c.Parameters.AddWithValue("$id", id);
                c.Parameters.AddWithValue("$role", roleId);
            });
        }

        tx.Commit();
        NotifyChanged(users);
    }

    /// <summary>A role's permissions or members changed: every member's cached account is stale.</summary>
    private void NotifyChanged(IEnumerable<QualifiedUserName> users)
    {
        foreach (var user in users)
        {
            UserChanged?.Invoke(user);
        }
    }

    public void DeleteRole(string tenant, string role)
    {
        if (IsEveryone(role) || string.Equals(role, AdminRole, StringComparison.OrdinalIgnoreCase))
        {
            throw new UserStoreException($"Role {role} is a system role and cannot be deleted.");
        }

        var members = UsersInRole(tenant, role);
        using var connection = Open();
        if (Execute(connection, "DELETE FROM roles WHERE tenant = $tenant AND name = $role", BindRole(tenant, role)) == 0)
        {
            throw new UserStoreException($"Role {role} does not exist.");
        }

        NotifyChanged(members);
    }

    public bool RoleExists(string tenant, string role)
    {
        using var connection = Open();
        return Scalar<long>(connection, "SELECT COUNT(*) FROM roles WHERE tenant = $tenant AND name = $role", BindRole(tenant, role)) > 0;
    }

    public IReadOnlyList<string> ListRoles(string tenant, string filter)
    {
        using var connection = Open();
        return Strings(connection, "SELECT name FROM roles WHERE tenant = $tenant AND name LIKE $filter ESCAPE '\\' ORDER BY name", c =>
        {
            c.Parameters.AddWithValue("$tenant", tenant);
            c.Parameters.AddWithValue("$filter", SqlLike.FromWildcard(filter));
        });
    }

    public IReadOnlyList<QualifiedUserName> UsersInRole(string tenant, string role)
    {
        using var connection = Open();
        using var command = Command(connection,
            "SELECT u.domain, u.name, u.tenant FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id WHERE r.tenant = $tenant AND r.name = $role ORDER BY u.name",
            BindRole(tenant, role));
        using var reader = command.ExecuteReader();
        var result = new List<QualifiedUserName>();
        while (reader.Read())
        {
            result.Add(QualifiedUserName.Create(reader.GetString(1), reader.GetString(0), reader.GetString(2)));
        }

        return result;
    }

    public void GrantPermissions(string tenant, string role, IReadOnlyList<string> permissions)
    {
        using (var connection = Open())
        {
            AddPermissions(connection, RoleId(connection, tenant, role), permissions);
        }

        NotifyChanged(UsersInRole(tenant, role));
    }

    public void UpdateRolesOfUser(QualifiedUserName user, IReadOnlyList<string> removed, IReadOnlyList<string> added)
    {
        using var connection = Open();
        using var tx = connection.BeginTransaction();
        var id = Scalar<string>(connection, "SELECT id FROM users WHERE tenant = $tenant AND domain = $domain AND name = $name", Bind(user))
            ?? throw new UserStoreException($"User {user} does not exist.");
        foreach (var role in removed.Where(r => !IsEveryone(r)))
        {
            Execute(connection, "DELETE FROM user_roles WHERE user_id = $id AND role_id = $role", c =>
            {
                c.Parameters.AddWithValue("$id", id);
                c.Parameters.AddWithValue("$role", RoleId(connection, user.Tenant, role));
            });
        }

        foreach (var role in added.Where(r => !IsEveryone(r)))
        {
            Execute(connection, "INSERT OR IGNORE INTO user_roles(user_id, role_id) VALUES($id, $role)", c =>
            {
                c.Parameters.AddWithValue("$id", id);
                c.Parameters.AddWithValue("$role", RoleId(connection, user.Tenant, role));
            });
        }

        tx.Commit();
        UserChanged?.Invoke(user);
    }

    public IReadOnlyDictionary<string, string> GetClaims(QualifiedUserName user)
    {
        using var connection = Open();
        using var command = Command(connection,
            "SELECT c.uri, c.value FROM claims c JOIN users u ON u.id = c.user_id WHERE u.tenant = $tenant AND u.domain = $domain AND u.name = $name ORDER BY c.uri", Bind(user));
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            result[reader.GetString(0)] = reader.GetString(1);
        }

        return result;
    }

    public void SetClaim(QualifiedUserName user, string uri, string value)
    {
        using var connection = Open();
        var id = Scalar<string>(connection, "SELECT id FROM users WHERE tenant = $tenant AND domain = $domain AND name = $name", Bind(user))
            ?? throw new UserStoreException($"User {user} does not exist.");
        UpsertClaim(connection, id, uri, value);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;");
        return connection;
    }

    private static UserAccount? Find(SqliteConnection connection, string where, Action<SqliteCommand> bind)
    {
        using var command = Command(connection, $"SELECT id, domain, name, tenant, locked FROM users WHERE {where}", bind);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var id = reader.GetString(0);
        var user = QualifiedUserName.Create(reader.GetString(2), reader.GetString(1), reader.GetString(3));
        var locked = reader.GetInt64(4) != 0;
        var roles = Strings(connection, "SELECT r.name FROM roles r JOIN user_roles ur ON ur.role_id = r.id WHERE ur.user_id = $id ORDER BY r.name",
            c => c.Parameters.AddWithValue("$id", id)).Append(EveryoneRole).ToList();
        var permissions = Strings(connection,
            "SELECT DISTINCT p.path FROM role_permissions p JOIN roles r ON r.id = p.role_id WHERE r.id IN (SELECT role_id FROM user_roles WHERE user_id = $id) OR (r.tenant = $tenant AND r.name = $everyone)",
            c =>
            {
                c.Parameters.AddWithValue("$id", id);
                c.Parameters.AddWithValue("$tenant", user.Tenant);
                c.Parameters.AddWithValue("$everyone", EveryoneRole);
            });
        return new UserAccount(id, user, locked, roles, permissions);
    }

    private static void AddTenantIfMissing(SqliteConnection connection, string domain)
    {
        using var tx = connection.BeginTransaction();
        Execute(connection, "INSERT OR IGNORE INTO tenants(domain, created) VALUES($domain, $now)", c =>
        {
            c.Parameters.AddWithValue("$domain", domain.ToLowerInvariant());
            c.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O"));
        });
        // Every tenant starts with the product's two system roles.
        Execute(connection, "INSERT OR IGNORE INTO roles(tenant, name) VALUES($tenant, $role)", BindRole(domain, AdminRole));
        Execute(connection, "INSERT OR IGNORE INTO roles(tenant, name) VALUES($tenant, $role)", BindRole(domain, EveryoneRole));
        AddPermissions(connection, RoleId(connection, domain, AdminRole), ["/permission"]);
        AddPermissions(connection, RoleId(connection, domain, EveryoneRole), ["/permission/admin/login"]);
        tx.Commit();
    }

    private static bool TenantExists(SqliteConnection connection, string domain) =>
        Scalar<long>(connection, "SELECT COUNT(*) FROM tenants WHERE domain = $domain", c => c.Parameters.AddWithValue("$domain", domain)) > 0;

    private static void AddPermissions(SqliteConnection connection, long roleId, IReadOnlyList<string> permissions)
    {
        foreach (var permission in permissions)
        {
            if (!permission.StartsWith("/permission", StringComparison.Ordinal))
            {
                throw new UserStoreException($"Permission '{permission}' is not a permission path (expected /permission/...).");
            }

            Execute(connection, "INSERT OR IGNORE INTO role_permissions(role_id, path) VALUES($role, $path)", c =>
            {
                c.Parameters.AddWithValue("$role", roleId);
                c.Parameters.AddWithValue("$path", permission.TrimEnd('/'));
            });
        }
    }

    private static long RoleId(SqliteConnection connection, string tenant, string role) =>
        Scalar<long?>(connection, "SELECT id FROM roles WHERE tenant = $tenant AND name = $role", BindRole(tenant, role))
        ?? throw new UserStoreException($"Role {role} does not exist.");

    private static void UpsertClaim(SqliteConnection connection, string userId, string uri, string value) =>
        Execute(connection, "INSERT INTO claims(user_id, uri, value) VALUES($id, $uri, $value) ON CONFLICT(user_id, uri) DO UPDATE SET value = excluded.value", c =>
        {
            c.Parameters.AddWithValue("$id", userId);
            c.Parameters.AddWithValue("$uri", uri);
            c.Parameters.AddWithValue("$value", value);
        });

    private static bool IsEveryone(string role) => string.Equals(role, EveryoneRole, StringComparison.OrdinalIgnoreCase);

    private static void ValidatePassword(string password)
    {
        if (string.IsNullOrEmpty(password) || password.Length > 1024)
        {
            throw new UserStoreException("Credential is not valid: it must be 1 to 1024 characters.");
        }
    }

    private static Action<SqliteCommand> Bind(QualifiedUserName user) => c =>
    {
        c.Parameters.AddWithValue("$tenant", user.Tenant);
        c.Parameters.AddWithValue("$domain", user.Domain);
        c.Parameters.AddWithValue("$name", user.Name);
    };

    private static Action<SqliteCommand> BindRole(string tenant, string role) => c =>
    {
        c.Parameters.AddWithValue("$tenant", tenant.ToLowerInvariant());
        c.Parameters.AddWithValue("$role", role);
    };

    private static SqliteCommand Command(SqliteConnection connection, string sql, Action<SqliteCommand>? bind = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        bind?.Invoke(command);
        return command;
    }

    private static int Execute(SqliteConnection connection, string sql, Action<SqliteCommand>? bind = null)
    {
        using var command = Command(connection, sql, bind);
        return command.ExecuteNonQuery();
    }

    private static T? Scalar<T>(SqliteConnection connection, string sql, Action<SqliteCommand>? bind = null)
    {
        using var command = Command(connection, sql, bind);
        var value = command.ExecuteScalar();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T));
    }

    private static List<string> Strings(SqliteConnection connection, string sql, Action<SqliteCommand> bind)
    {
        using var command = Command(connection, sql, bind);
        using var reader = command.ExecuteReader();
        var result = new List<string>();
        while (reader.Read())
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }
}
