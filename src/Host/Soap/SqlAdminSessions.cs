using System.Globalization;
using CompatHost.Host.OAuth;
using CompatHost.Host.Storage;
using CompatHost.Sdk.Identity;

namespace CompatHost.Host.Soap;

/// <summary>
/// Admin sessions in the database, so a JSESSIONID from one node works on every node. The id is
/// a bearer secret: only its SHA-256 is stored. 15 minutes idle timeout (the product's default);
/// the last-use time is written at most once a minute, not on every call.
/// </summary>
public sealed class SqlAdminSessions(IStoreDatabase database, TimeProvider time) : IAdminSessions
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    public async Task<string> StartAsync(QualifiedUserName user, CancellationToken cancellationToken)
    {
        var id = TokenValues.New();
        var now = time.GetUtcNow().ToString("O");
        await using var connection = await database.OpenAsync(cancellationToken);
        await Sql.ExecuteAsync(connection, "DELETE FROM admin_sessions WHERE last_use < @stale", cancellationToken,
            ("@stale", (time.GetUtcNow() - IdleTimeout).ToString("O")));
        await Sql.ExecuteAsync(connection, "INSERT INTO admin_sessions(id_hash, user_tenant, user_domain, user_name, created, last_use) VALUES(@id, @tenant, @domain, @name, @now, @now)",
            cancellationToken, ("@id", TokenValues.Hash(id)), ("@tenant", user.Tenant), ("@domain", user.Domain), ("@name", user.Name), ("@now", now));
        return id;
    }

    public async Task<QualifiedUserName?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var hash = TokenValues.Hash(id);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await Sql.RowsAsync(connection, "SELECT user_tenant, user_domain, user_name, last_use FROM admin_sessions WHERE id_hash = @id",
            r => (User: QualifiedUserName.Create(r.GetString(2), r.GetString(1), r.GetString(0)),
                LastUse: DateTimeOffset.Parse(r.GetString(3), CultureInfo.InvariantCulture)), cancellationToken, ("@id", hash));
        if (rows is not [var session])
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (now - session.LastUse > IdleTimeout)
        {
            await Sql.ExecuteAsync(connection, "DELETE FROM admin_sessions WHERE id_hash = @id", cancellationToken, ("@id", hash));
            return null;
        }

        if (now - session.LastUse > TouchInterval)
        {
            await Sql.ExecuteAsync(connection, "UPDATE admin_sessions SET last_use = @now WHERE id_hash = @id", cancellationToken,
                ("@now", now.ToString("O")), ("@id", hash));
        }

        return session.User;
    }

    public async Task EndAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await Sql.ExecuteAsync(connection, "DELETE FROM admin_sessions WHERE id_hash = @id", cancellationToken, ("@id", TokenValues.Hash(id)));
    }
}
