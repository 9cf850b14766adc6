using CompatHost.Host.Configuration;
using CompatHost.Host.Storage;
using CompatHost.Host.Users;

namespace CompatHost.Host.Startup;

/// <summary>Opens the database <c>[database.identity_db]</c> names and the user store on it, migrating the schema.</summary>
public static class UserStoreFactory
{
    public static async Task<SqlUserStore> OpenAsync(HostSettings settings, StoreChanges changes, CancellationToken cancellationToken)
    {
        IStoreDatabase database = settings.Database.Kind switch
        {
            DatabaseKind.Postgres => new PostgresStoreDatabase(settings.Database),
            _ => new SqliteStoreDatabase(Path.Combine(settings.Home.DatabaseDir, "identity.db"), settings.Database.Timeout),
        };
        var store = new SqlUserStore(database);
        changes.Received += store.OnRemoteChange;
        try
        {
            await store.InitializeAsync(cancellationToken);
        }
        catch (StoreUnavailableException ex)
        {
            throw new ConfigException([new ConfigError(settings.Home.DeploymentToml, "database.identity_db", null,
                $"cannot reach the database at start: {ex.Message}")]);
        }

        return store;
    }
}
