using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CompatHost.Host.Storage;

/// <summary>
/// Listens on <see cref="PostgresStoreDatabase.Channel"/> so a change made on another node
/// (password, roles, deletion) drops this node's cached entries within the notification's
/// delivery time. While the listening connection is down, nothing can be trusted to be fresh:
/// on every (re)connect the caches are cleared whole, so the staleness bound is the time to
/// notice a lost connection (keep-alive 5 s) plus reconnecting.
/// </summary>
public sealed class PostgresChangeFeed(PostgresStoreDatabase database, StoreChanges changes, ILogger<PostgresChangeFeed> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { KeepAlive = 5, Pooling = false };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => changes.Raise(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresStoreDatabase.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                changes.Raise(StoreChanges.Everything);
                logger.LogInformation("Listening for changes from other nodes on {Database}", database.Description);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested && (database.IsUnavailable(ex) || ex is NpgsqlException))
            {
                changes.Raise(StoreChanges.Everything);
                logger.LogWarning("Change feed from {Database} lost ({Reason}); retrying", database.Description, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }
}
