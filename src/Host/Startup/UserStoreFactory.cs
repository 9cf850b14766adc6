using CompatHost.Host.Configuration;
using CompatHost.Host.Users;

namespace CompatHost.Host.Startup;

/// <summary>Opens the store <c>[database.identity_db]</c> names.</summary>
public static class UserStoreFactory
{
    public static IUserStore Open(HostSettings settings)
    {
        IUserStore store = settings.Database.Kind switch
        {
            DatabaseKind.Sqlite => new SqliteUserStore(Path.Combine(settings.Home.DatabaseDir, "identity.db")),
            _ => throw new ConfigException([new ConfigError(settings.Home.DeploymentToml, "database.identity_db.type", null,
                "PostgreSQL support is not in this build yet; use the embedded store (omit [database.identity_db])")]),
        };
        store.Initialize();
        return store;
    }
}
