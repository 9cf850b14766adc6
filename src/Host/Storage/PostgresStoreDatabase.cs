using System.Data.Common;
using System.Net.Sockets;
using CompatHost.Host.Configuration;
using Npgsql;

namespace CompatHost.Host.Storage;

/// <summary>
/// PostgreSQL for several host nodes behind one address. Npgsql pools connections; opening
/// retries transient failures briefly, then reports the store unavailable (503), and recovers
/// by itself when the server returns. Changes are broadcast with NOTIFY on <see cref="Channel"/>.
/// </summary>
public sealed class PostgresStoreDatabase : IStoreDatabase
{
    public const string Channel = "compathost_changes";
    private const long MigrationLockKey = 0x436f6d7061744873; // "CompatHs"
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(900)];

    private readonly NpgsqlDataSource _dataSource;

    public PostgresStoreDatabase(DatabaseSettings settings)
    {
        var builder = new NpgsqlConnectionStringBuilder(settings.Url)
        {
            Timeout = 5,
            CommandTimeout = (int)settings.Timeout.TotalSeconds,
            MaxPoolSize = 50,
        };
        if (settings.Username is not null)
        {
            builder.Username = settings.Username;
        }

        if (settings.Password is not null)
        {
            builder.Password = settings.Password;
        }

        ConnectionString = builder.ConnectionString;
        Description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    public string ConnectionString { get; }

    public string Description { get; }

    public bool IsShared => true;

    // One INSERT per token was one round trip per token: 2,721-2,846 tokens/s against 4,334-4,747
    // with 64 rows a statement (interleaved, README: Performance).
    public int RowsPerInsert => 64;

    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await _dataSource.OpenConnectionAsync(cancellationToken);
            }
            catch (Exception ex) when (IsUnavailable(ex))
            {
                if (attempt >= Backoff.Length)
                {
                    throw new StoreUnavailableException($"{Description} is unreachable: {ex.Message}", ex);
                }

                await Task.Delay(Backoff[attempt], cancellationToken);
            }
        }
    }

    public async Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, "SELECT pg_advisory_xact_lock(@key)", ("@key", MigrationLockKey));
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task PublishAsync(DbConnection connection, string key, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(connection, "SELECT pg_notify(@channel, @key)", cancellationToken, ("@channel", Channel), ("@key", key));

    public bool IsUnavailable(Exception exception) => exception switch
    {
        StoreUnavailableException => true,
        NpgsqlException { IsTransient: true } => true,
        NpgsqlException { InnerException: SocketException or IOException or TimeoutException } => true,
        // 57014: the statement ran past query_timeout (Npgsql cancels it); the store is slow, not broken.
        PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "08000" or "08003" or "08006" or "57014" } => true,
        SocketException or TimeoutException => true,
        _ => false,
    };
}
