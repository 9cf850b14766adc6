using System.Data.Common;

namespace CompatHost.Host.Storage;

/// <summary>
/// The database behind the stores: embedded SQLite (one node) or PostgreSQL (several nodes).
/// The stores speak one portable SQL with <c>@name</c> parameters; only what truly differs
/// between the two lives here.
/// </summary>
public interface IStoreDatabase
{
    /// <summary>For logs: never contains a password.</summary>
    string Description { get; }

    /// <summary>True when several host processes may share this database (changes must be broadcast).</summary>
    bool IsShared { get; }

    /// <summary>
    /// Rows one INSERT of a batch write should carry: many where every statement is a round trip to
    /// a server, one where statements run in-process and a longer one only costs more to prepare
    /// and bind (OAuth.TokenGroupCommit).
    /// </summary>
    int RowsPerInsert { get; }

    /// <summary>An open connection, retrying transient failures; <see cref="StoreUnavailableException"/> when the database cannot be reached.</summary>
    ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Serialises schema migration across processes starting at once, inside <paramref name="transaction"/>.</summary>
    Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>Tells other nodes that cached data about <paramref name="key"/> is stale.</summary>
    Task PublishAsync(DbConnection connection, string key, CancellationToken cancellationToken);

    /// <summary>True for failures that mean "the database is not there right now" (answer 503), not a bug.</summary>
    bool IsUnavailable(Exception exception);
}
