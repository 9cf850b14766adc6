using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace CompatHost.Host.Storage;

/// <summary>
/// The embedded default: one file under repository/database, WAL journal with
/// synchronous=FULL, so a write is on disk when the call returns and a crash loses nothing
/// acknowledged. One node only.
/// </summary>
public sealed class SqliteStoreDatabase : IStoreDatabase
{
    /// <summary>Writes that may wait for the lock at once without holding up requests that need no write.</summary>
    private const int BlockedWaitersFloor = 128;

    private readonly string _connectionString;
    private readonly string _pragmas;

    // SQLite has no asynchronous I/O: a statement waiting for the write lock (busy_timeout)
    // blocks its thread. With the pool's default floor of one thread per core, a few waiting
    // writes starved every other request until the pool grew (SlowStoreTests measured 9 s
    // stalls of /api/health with 32 writes waiting); a higher floor lets them wait while the
    // rest is served. Threads are still made only when needed.
    static SqliteStoreDatabase()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, BlockedWaitersFloor), completionPorts);
    }

    /// <param name="timeout">How long a statement waits for another writer's lock before it fails as busy (503).</param>
    public SqliteStoreDatabase(string file, TimeSpan? timeout = null)
    {
        var wait = timeout ?? Configuration.DatabaseSettings.DefaultTimeout;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        File = file;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)wait.TotalSeconds,
        }.ToString();
        // Each pooled connection keeps its own page cache (SQLite's default: up to 2 MB). With a
        // connection per concurrent request that cache filled as the token table grew and showed
        // as native memory growth in the soak; 512 KiB each holds the hot pages, and the rest is
        // in the OS file cache a read away.
        _pragmas = $"PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA cache_size = -512; PRAGMA busy_timeout = {(int)wait.TotalMilliseconds};";
    }

    public string File { get; }

    public string Description => $"SQLite {File}";

    public bool IsShared => false;

    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await Sql.ExecuteAsync(connection, _pragmas, cancellationToken);
        return connection;
    }

    // BEGIN IMMEDIATE would be the lock, but the transaction is already open: take the write
    // lock now with a no-op write so a second process waits on busy_timeout.
    public async Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, "CREATE TABLE IF NOT EXISTS migration_lock(id INTEGER PRIMARY KEY); DELETE FROM migration_lock;");
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // One process only: the local cache was already told.
    public Task PublishAsync(DbConnection connection, string key, CancellationToken cancellationToken) => Task.CompletedTask;

    public bool IsUnavailable(Exception exception) =>
        exception is StoreUnavailableException || (exception is SqliteException { SqliteErrorCode: 5 or 6 or 14 });
}
