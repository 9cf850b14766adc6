using CompatHost.Host.Chain;
using CompatHost.Host.Configuration;
using CompatHost.Host.OAuth;
using CompatHost.Host.OAuth.MutualTls;
using CompatHost.Host.Plugins;
using CompatHost.Host.Soap;
using CompatHost.Host.Storage;
using CompatHost.Host.Users;
using CompatHost.Sdk.Handlers;
using CompatHost.Sdk.Identity;
using Microsoft.Extensions.Logging;

namespace CompatHost.Host.Startup;

/// <summary>
/// Config read and validated, then the store opened: what both the server and the operator CLI
/// need. Handlers are not built here; the composition root (<see cref="CompatHostServices"/>)
/// constructs them in the one container, over this store.
/// </summary>
public sealed class HostCore
{
    private HostCore(LoadedConfiguration config, SqlUserStore store, StoreChanges changes)
    {
        Configuration = config;
        Store = store;
        Changes = changes;
        OAuth = new SqlOAuthStore(store.Database, changes, TimeProvider.System);
        Tokens = new TokenCache(OAuth, changes, TimeProvider.System);
        Passwords = new CachedUserDirectory(store, TimeProvider.System, config.Settings.AccountLocking);
        AdminSessions = new SqlAdminSessions(store.Database, TimeProvider.System);
    }

    public LoadedConfiguration Configuration { get; }

    public HandlerCatalog Catalog => Configuration.Catalog;

    public HostSettings Settings => Configuration.Settings;

    public IUserStore Store { get; }

    public IStoreDatabase Database => ((SqlUserStore)Store).Database;

    public IOAuthStore OAuth { get; }

    public StoreChanges Changes { get; }

    public TokenCache Tokens { get; }

    /// <summary>The cached directory handlers read users through; its lockout policy follows config reloads.</summary>
    public CachedUserDirectory Passwords { get; }

    public IUserDirectory Directory => Passwords;

    public IAdminSessions AdminSessions { get; }

    /// <summary>
    /// Lists the handlers (built-in and dropped in) and reads every config file into validated
    /// settings, without constructing a handler or opening the store: what <c>check</c> and
    /// <c>audit</c> need.
    /// </summary>
    public static LoadedConfiguration LoadConfiguration(ProductHome home, ILoggerFactory loggerFactory)
    {
        var loader = new PluginLoader(loggerFactory.CreateLogger<PluginLoader>());
        var catalog = BuildCatalog(loader.Discover(home.DropinsDir), loader);
        return new LoadedConfiguration(HostSettingsLoader.Load(home, catalog), catalog, loader.Reports);
    }

    public static async Task<HostCore> OpenAsync(ProductHome home, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var config = LoadConfiguration(home, loggerFactory);
        var changes = new StoreChanges();
        var core = new HostCore(config, await UserStoreFactory.OpenAsync(config.Settings, changes, cancellationToken), changes);
        await EnsureSuperAdminAsync(config.Settings.SuperAdmin, core.Store, loggerFactory.CreateLogger<HostCore>(), cancellationToken);
        return core;
    }

    /// <summary>The handler types the composition root registers: every catalog entry's and the admin fallbacks.</summary>
    public IEnumerable<Type> HandlerTypes =>
        Catalog.All.Concat(Catalog.AdminFallbacks).Select(d => d.HandlerType).OfType<Type>().Distinct();

    private static HandlerCatalog BuildCatalog(IReadOnlyList<(Type Type, string File)> pluginTypes, PluginLoader loader)
    {
        var builtIn = BuiltInHandlerTypes.All;
        var descriptors = builtIn.Where(t => HandlerCatalog.Defaults(t).Switchable).Select(HandlerCatalog.BuiltIn)
            .Append(MutualTlsClientAuthenticatorSwitch.Descriptor).ToList();
        foreach (var group in pluginTypes.GroupBy(p => p.File))
        {
            var found = new List<HandlerDescriptor>();
            string? error = null;
            foreach (var (type, file) in group)
            {
                try
                {
                    var descriptor = HandlerCatalog.Plugin(type, file);
                    if (descriptors.Concat(found).FirstOrDefault(d => d.Id == descriptor.Id || d.Name == descriptor.Name) is { } clash)
                    {
                        error = $"handler id '{descriptor.Id}' / name '{descriptor.Name}' collides with {clash.Id} from {clash.Origin}";
                        continue;
                    }

                    found.Add(descriptor);
                }
                catch (PluginContractException ex)
                {
                    error = ex.Message;
                }
            }

            // A file with one bad handler is skipped whole: half a plugin is not what its author shipped.
            if (error is not null)
            {
                loader.Skip(group.Key, error);
                continue;
            }

            descriptors.AddRange(found);
            loader.RecordLoaded(group.Key, [.. found.Select(d => d.Id)]);
        }

        // What the admin chain tries after every authenticator, in the order the handlers declare
        // (the session cookie, then HTTP Basic: soap-auth.md).
        var adminFallbacks = builtIn.Where(t => HandlerCatalog.Defaults(t).AdminFallbackOrder > 0)
            .OrderBy(t => HandlerCatalog.Defaults(t).AdminFallbackOrder).Select(HandlerCatalog.BuiltIn);
        return new HandlerCatalog(descriptors, [.. adminFallbacks]);
    }

    private static async Task EnsureSuperAdminAsync(SuperAdminSettings admin, IUserStore store, ILogger logger, CancellationToken cancellationToken)
    {
        if (!admin.CreateAdminAccount || !QualifiedUserName.TryParse(admin.Username, out var user)
            || await store.FindAsync(user, cancellationToken) is not null)
        {
            return;
        }

        try
        {
            await store.AddUserAsync(user, admin.Password, [SqlUserStore.AdminRole], new Dictionary<string, string>(), cancellationToken);
            logger.LogInformation("Created the super admin '{User}' from [super_admin]", user);
        }
        catch (Exception ex) when (ex is UserStoreException or System.Data.Common.DbException)
        {
            // Another node sharing the database may have created it at the same moment; anything else is a real failure.
            if (await store.FindAsync(user, cancellationToken) is null)
            {
                throw;
            }
        }
    }
}
