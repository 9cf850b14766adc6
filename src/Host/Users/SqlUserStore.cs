using System.Data.Common;
using CompatHost.Host.Storage;
using CompatHost.Sdk.Identity;

namespace CompatHost.Host.Users;

/// <summary>
/// The user store over <see cref="IStoreDatabase"/>: the same SQL on embedded SQLite and on
/// PostgreSQL. Names compare case-insensitively through lower-cased key columns. Users and
/// claims here; roles and tenants in SqlUserStore.Roles.cs.
/// </summary>
public sealed partial class SqlUserStore(IStoreDatabase database, TimeProvider? time = null) : IUserStore
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public const string EveryoneRole = "Internal/everyone";
    public const string AdminRole = "admin";

    private const string UserColumns = "id, domain, name, tenant, locked, unlock_time";
    private const string ByName = "tenant = @tenant AND domain = @domain AND name_key = @name";

    public event Action<QualifiedUserName?>? UserChanged;

    public IStoreDatabase Database => database;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await StoreMigrations.MigrateAsync(database, cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await AddTenantIfMissingAsync(connection, QualifiedUserName.SuperTenant, cancellationToken);
    }

    public void OnRemoteChange(string key)
    {
        if (UserChangeKey.TryParse(key, out var user))
        {
            UserChanged?.Invoke(user);
        }
    }

    public async ValueTask<UserAccount?> FindAsync(QualifiedUserName user, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, ByName, _time.GetUtcNow(), cancellationToken, Key(user));
    }

    public async Task<UserAccount?> FindByIdAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, "id = @id", _time.GetUtcNow(), cancellationToken, ("@id", id));
    }

    public async ValueTask<bool> VerifyPasswordAsync(QualifiedUserName user, string password, CancellationToken cancellationToken) =>
        (await CheckPasswordAsync(user, password, cancellationToken)).Outcome == PasswordOutcome.Valid;

    public async Task AddUserAsync(QualifiedUserName user, string password, IReadOnlyList<string> roles, IReadOnlyDictionary<string, string> claims,
        CancellationToken cancellationToken)
    {
        ValidatePassword(password);
        // Hashed before the transaction: PBKDF2 takes a while, and SQLite has one writer lock
        // that every other write (token issuance included) would wait on meanwhile.
        var hash = await PasswordHasher.HashAsync(password, cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await TenantExistsAsync(connection, user.Tenant, cancellationToken))
        {
            throw new UserStoreException($"Tenant {user.Tenant} does not exist.");
        }

        if (await UserIdAsync(connection, user, cancellationToken) is not null)
        {
            throw new UserStoreException($"Username '{user}' already exists in the system. Pick another username.");
        }

        var id = Guid.NewGuid().ToString();
        await Sql.ExecuteAsync(connection, "INSERT INTO users(id, tenant, domain, name, name_key, password_hash, locked, created) VALUES(@id, @tenant, @domain, @display, @name, @hash, 0, @now)",
            cancellationToken, [("@id", id), .. Key(user), ("@display", user.Name), ("@hash", hash), ("@now", Now())]);
        foreach (var role in roles.Where(r => !IsEveryone(r)))
        {
            await Sql.ExecuteAsync(connection, "INSERT INTO user_roles(user_id, role_id) VALUES(@id, @role) ON CONFLICT DO NOTHING",
                cancellationToken, ("@id", id), ("@role", await RoleIdAsync(connection, user.Tenant, role, cancellationToken)));
        }

        foreach (var (uri, value) in claims)
        {
            await UpsertClaimAsync(connection, id, uri, value, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task DeleteUserAsync(QualifiedUserName user, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await Sql.ExecuteAsync(connection, $"DELETE FROM users WHERE {ByName}", cancellationToken, Key(user)) == 0)
        {
            throw new UserStoreException($"User {user} does not exist.");
        }

        await ChangedAsync(connection, [user], cancellationToken);
    }

    public async Task<IReadOnlyList<QualifiedUserName>> ListUsersAsync(string tenant, string filter, int limit, int offset = 0, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await Sql.RowsAsync(connection,
            "SELECT domain, name, tenant FROM users WHERE tenant = @tenant AND (name_key LIKE @filter ESCAPE '\\' OR (LOWER(domain) || '/' || name_key) LIKE @filter ESCAPE '\\') ORDER BY name_key LIMIT @limit OFFSET @offset",
            ReadName, cancellationToken, ("@tenant", tenant.ToLowerInvariant()), ("@filter", SqlLike.FromWildcard(filter).ToLowerInvariant()),
            ("@limit", limit < 0 ? int.MaxValue : limit), ("@offset", offset));
    }

    public async Task<int> CountUsersAsync(string tenant, string filter, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (int)await Sql.ScalarAsync<long>(connection,
            "SELECT COUNT(*) FROM users WHERE tenant = @tenant AND (name_key LIKE @filter ESCAPE '\\' OR (LOWER(domain) || '/' || name_key) LIKE @filter ESCAPE '\\')",
            cancellationToken, ("@tenant", tenant.ToLowerInvariant()), ("@filter", SqlLike.FromWildcard(filter).ToLowerInvariant()));
    }

    public async Task SetPasswordAsync(QualifiedUserName user, string password, CancellationToken cancellationToken)
    {
        ValidatePassword(password);
        // Hashed before a connection is taken, as in AddUserAsync.
        var hash = await PasswordHasher.HashAsync(password, cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await Sql.ExecuteAsync(connection, $"UPDATE users SET password_hash = @hash WHERE {ByName}", cancellationToken,
                [("@hash", hash), .. Key(user)]) == 0)
        {
            throw new UserStoreException($"User {user} does not exist.");
        }

        await ChangedAsync(connection, [user], cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, string>> GetClaimsAsync(QualifiedUserName user, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await Sql.RowsAsync(connection,
                "SELECT c.uri, c.value FROM claims c JOIN users u ON u.id = c.user_id WHERE u.tenant = @tenant AND u.domain = @domain AND u.name_key = @name ORDER BY c.uri",
                r => (Uri: r.GetString(0), Value: r.GetString(1)), cancellationToken, Key(user)))
            .ToDictionary(c => c.Uri, c => c.Value, StringComparer.Ordinal);
    }

    public async Task SetClaimAsync(QualifiedUserName user, string uri, string value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var id = await UserIdAsync(connection, user, cancellationToken) ?? throw new UserStoreException($"User {user} does not exist.");
        await UpsertClaimAsync(connection, id, uri, value, cancellationToken);
    }

    private static async Task<UserAccount?> FindAsync(DbConnection connection, string where, DateTimeOffset now, CancellationToken cancellationToken,
        params (string, object?)[] parameters)
    {
        // A deactivated tenant's users are not found: every handler then refuses them.
        var found = await Sql.RowsAsync(connection, $"SELECT {UserColumns} FROM users WHERE {where} AND tenant IN (SELECT domain FROM tenants WHERE active = 1)",
            r => (Id: r.GetString(0), User: ReadName(r, 1), Locked: Lockout.AccountLockout.IsLocked(Convert.ToInt64(r.GetValue(4)) != 0, Convert.ToInt64(r.GetValue(5)), now)),
            cancellationToken, parameters);
        if (found is not [var row])
        {
            return null;
        }

        var roles = await Sql.RowsAsync(connection,
            "SELECT r.name FROM roles r JOIN user_roles ur ON ur.role_id = r.id WHERE ur.user_id = @id ORDER BY r.name_key",
            r => r.GetString(0), cancellationToken, ("@id", row.Id));
        var permissions = await Sql.RowsAsync(connection,
            "SELECT DISTINCT p.path FROM role_permissions p JOIN roles r ON r.id = p.role_id WHERE r.id IN (SELECT role_id FROM user_roles WHERE user_id = @id) OR (r.tenant = @tenant AND r.name_key = @everyone)",
            r => r.GetString(0), cancellationToken, ("@id", row.Id), ("@tenant", row.User.Tenant), ("@everyone", EveryoneRole.ToLowerInvariant()));
        return new UserAccount(row.Id, row.User, row.Locked, [.. roles, EveryoneRole], permissions);
    }

    private static Task<string?> UserIdAsync(DbConnection connection, QualifiedUserName user, CancellationToken cancellationToken) =>
        Sql.ScalarAsync<string>(connection, $"SELECT id FROM users WHERE {ByName}", cancellationToken, Key(user));

    private static Task UpsertClaimAsync(DbConnection connection, string userId, string uri, string value, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(connection, "INSERT INTO claims(user_id, uri, value) VALUES(@id, @uri, @value) ON CONFLICT(user_id, uri) DO UPDATE SET value = excluded.value",
            cancellationToken, ("@id", userId), ("@uri", uri), ("@value", value));

    /// <summary>Tells this process's caches and, with a shared database, every other node.</summary>
    private async Task ChangedAsync(DbConnection connection, IEnumerable<QualifiedUserName> users, CancellationToken cancellationToken)
    {
        foreach (var user in users)
        {
            UserChanged?.Invoke(user);
            if (database.IsShared)
            {
                await database.PublishAsync(connection, UserChangeKey.For(user), cancellationToken);
            }
        }
    }

    private static QualifiedUserName ReadName(DbDataReader reader) => ReadName(reader, 0);

    private static QualifiedUserName ReadName(DbDataReader reader, int first) =>
        QualifiedUserName.Create(reader.GetString(first + 1), reader.GetString(first), reader.GetString(first + 2));

    private static (string, object?)[] Key(QualifiedUserName user) =>
        [("@tenant", user.Tenant), ("@domain", user.Domain), ("@name", user.Name.ToLowerInvariant())];

    private static string Now() => DateTimeOffset.UtcNow.ToString("O");

    private static bool IsEveryone(string role) => string.Equals(role, EveryoneRole, StringComparison.OrdinalIgnoreCase);

    private static void ValidatePassword(string password)
    {
        if (string.IsNullOrEmpty(password) || password.Length > 1024)
        {
            throw new UserStoreException("Credential is not valid: it must be 1 to 1024 characters.");
        }

        if (password.Contains('\0'))
        {
            throw new UserStoreException("Credential is not valid: it must not contain a NUL character.");
        }
    }
}
