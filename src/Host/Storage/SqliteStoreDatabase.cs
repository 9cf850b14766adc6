using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace CompatHost.Host.Storage;

/// <summary>
/// The embedded default: one file under repository/database, WAL journal with
/// synchronous=FULL, so a write is on disk when the call returns and a crash loses nothing
/// acknowledged. One node only.
/// </summary>
public sealed class SqliteStoreDatabase : IStoreDatabase
{
    /// <summary>
    /// How many SQLite connections may be open at once. SQLite has no asynchronous I/O: a
    /// statement waiting for the write lock (busy_timeout) blocks its thread. Callers past this
    /// many wait for a connection asynchronously, holding no thread, so blocked statements take
    /// at most this many threads, each counted by <see cref="BlockingWork"/> while it is open.
    /// </summary>
    public const int MaxOpenConnections = 4;

    private static readonly object Prepared = new();

    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly TimeSpan _wait;
    private readonly SemaphoreSlim _open = new(MaxOpenConnections, MaxOpenConnections);

    // Native connections the PRAGMAs already ran on: pooling hands the same sqlite3 handle out
    // again, and these settings live as long as it does.
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _prepared = [];

    /// <param name="timeout">How long a statement waits for another writer's lock before it fails as busy (503).</param>
    public SqliteStoreDatabase(string file, TimeSpan? timeout = null)
    {
        var wait = timeout ?? Configuration.DatabaseSettings.DefaultTimeout;
        _wait = wait;
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

    // Microsoft.Data.Sqlite binds each named parameter through a linear search of the statement's
    // names: a 64-row INSERT (640 parameters) made tokens ~15% slower than one row per statement.
    public int RowsPerInsert => 1;

    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        // A caller that waits longer than a statement would for the lock is told the store is
        // unavailable (503), as that statement would be: never an endless wait.
        if (!await _open.WaitAsync(_wait, cancellationToken))
        {
            throw new StoreUnavailableException($"all {MaxOpenConnections} SQLite connections stayed busy for {_wait.TotalSeconds:0} s",
                new TimeoutException());
        }

        var connection = new SqliteConnection(_connectionString);
        BlockingWork.Enter();
        var released = 0;
        void Release()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                BlockingWork.Exit();
                _open.Release();
            }
        }

        // The permit goes back when the connection closes (disposal closes it).
        connection.StateChange += (_, change) =>
        {
            if (change.CurrentState == System.Data.ConnectionState.Closed)
            {
                Release();
            }
        };
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (!_prepared.TryGetValue(connection.Handle!, out _))
            {
                await Sql.ExecuteAsync(connection, _pragmas, cancellationToken);
                _prepared.AddOrUpdate(connection.Handle!, Prepared);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            Release();
            throw;
        }
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
