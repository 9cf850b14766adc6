using System.Globalization;
using CompatHost.Authenticators.Session;
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

    public string Start(QualifiedUserName user)
    {
        var id = TokenValues.New();
        var now = time.GetUtcNow().ToString("O");
        using var connection = database.OpenAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        Sql.Execute(connection, "DELETE FROM admin_sessions WHERE last_use < @stale", ("@stale", (time.GetUtcNow() - IdleTimeout).ToString("O")));
        Sql.Execute(connection, "INSERT INTO admin_sessions(id_hash, user_tenant, user_domain, user_name, created, last_use) VALUES(@id, @tenant, @domain, @name, @now, @now)",
            ("@id", TokenValues.Hash(id)), ("@tenant", user.Tenant), ("@domain", user.Domain), ("@name", user.Name), ("@now", now));
        return id;
    }

    public QualifiedUserName? Find(string id)
    {
        var hash = TokenValues.Hash(id);
        using var connection = database.OpenAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        var rows = Sql.Rows(connection, "SELECT user_tenant, user_domain, user_name, last_use FROM admin_sessions WHERE id_hash = @id",
            r => (User: QualifiedUserName.Create(r.GetString(2), r.GetString(1), r.GetString(0)),
                LastUse: DateTimeOffset.Parse(r.GetString(3), CultureInfo.InvariantCulture)), ("@id", hash));
        if (rows is not [var session])
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (now - session.LastUse > IdleTimeout)
        {
            Sql.Execute(connection, "DELETE FROM admin_sessions WHERE id_hash = @id", ("@id", hash));
            return null;
        }

        if (now - session.LastUse > TouchInterval)
        {
            Sql.Execute(connection, "UPDATE admin_sessions SET last_use = @now WHERE id_hash = @id", ("@now", now.ToString("O")), ("@id", hash));
        }

        return session.User;
    }

    public void End(string id)
    {
        using var connection = database.OpenAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        Sql.Execute(connection, "DELETE FROM admin_sessions WHERE id_hash = @id", ("@id", TokenValues.Hash(id)));
    }
}
