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
    private readonly string _connectionString;

    public SqliteStoreDatabase(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        File = file;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string File { get; }

    public string Description => $"SQLite {File}";

    public bool IsShared => false;

    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await Sql.ExecuteAsync(connection, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;", cancellationToken);
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
