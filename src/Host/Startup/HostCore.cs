using CompatHost.Authenticators.MutualSsl;
using CompatHost.Authenticators.Session;
using CompatHost.Handlers.Basic;
using CompatHost.Handlers.ClientCertificate;
using CompatHost.Host.Chain;
using CompatHost.Host.Configuration;
using CompatHost.Host.OAuth;
using CompatHost.Host.Plugins;
using CompatHost.Host.Soap;
using CompatHost.Host.Storage;
using CompatHost.Host.Users;
using CompatHost.Sdk.Handlers;
using CompatHost.Sdk.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CompatHost.Host.Startup;

/// <summary>
/// What both the server and the operator CLI need: the handlers (built-in and dropped in),
/// the validated settings, and the open user store.
/// </summary>
public sealed class HostCore : IDisposable
{
    private static readonly Type[] BuiltInHandlers =
        [typeof(BasicAuthenticationHandler), typeof(OAuthAuthenticationHandler), typeof(ClientCertificateHandler), typeof(MutualSslAuthenticator)];

    private readonly ServiceProvider _handlerServices;

    private HostCore(ServiceProvider handlerServices, HandlerCatalog catalog, HostSettings settings, SqlUserStore store,
        IReadOnlyList<PluginLoadReport> plugins)
    {
        _handlerServices = handlerServices;
        Catalog = catalog;
        Settings = settings;
        Store = store;
        Plugins = plugins;
    }

    public HandlerCatalog Catalog { get; }

    public HostSettings Settings { get; }

    public IUserStore Store { get; }

    public IStoreDatabase Database => ((SqlUserStore)Store).Database;

    public IOAuthStore OAuth { get; private init; } = null!;

    public StoreChanges Changes { get; private init; } = null!;

    public TokenCache Tokens { get; private init; } = null!;

    /// <summary>The cached directory behind <see cref="Directory"/>; its lockout policy follows config reloads.</summary>
    public CachedUserDirectory Passwords { get; private init; } = null!;

    public IReadOnlyList<PluginLoadReport> Plugins { get; }

    /// <summary>
    /// Builds the handlers (plugins included) and reads every config file into validated settings,
    /// without opening the store or a port: what <c>check</c> and <c>audit</c> need.
    /// </summary>
    public static LoadedConfiguration LoadConfiguration(ProductHome home, ILoggerFactory loggerFactory)
    {
        var directory = new UserDirectoryHandle();
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton<IUserDirectory>(directory);
        services.AddSingleton(TimeProvider.System);
        var tokens = new Deferred<TokenCache>();
        services.AddSingleton(tokens);
        var sessions = new AdminSessionsHandle();
        services.AddSingleton<IAdminSessions>(sessions);
        services.AddSingleton<AdminSessionAuthenticator>();
        foreach (var type in BuiltInHandlers)
        {
            services.AddSingleton(type);
        }

        var loader = new PluginLoader(loggerFactory.CreateLogger<PluginLoader>());
        var pluginTypes = loader.Register(home.DropinsDir, services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false });
        try
        {
            var catalog = BuildCatalog(provider, pluginTypes, loader);
            var settings = HostSettingsLoader.Load(home, catalog);
            return new LoadedConfiguration(settings, catalog, loader.Reports, provider, directory, tokens, sessions);
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    public static HostCore Open(ProductHome home, ILoggerFactory loggerFactory)
    {
        var config = LoadConfiguration(home, loggerFactory);
        var (provider, directory, tokens, sessions, changes, settings) =
            (config.Services, config.Directory, config.Tokens, config.Sessions, new StoreChanges(), config.Settings);
        var store = UserStoreFactory.Open(settings, changes);
        var cached = new CachedUserDirectory(store, TimeProvider.System, settings.AccountLocking);
        directory.Attach(cached);
        var oauth = new SqlOAuthStore(store.Database, changes);
        tokens.Attach(new TokenCache(oauth, changes, TimeProvider.System));
        sessions.Attach(new SqlAdminSessions(store.Database, TimeProvider.System));
        EnsureSuperAdmin(settings.SuperAdmin, store, loggerFactory.CreateLogger<HostCore>());
        return new HostCore(provider, config.Catalog, settings, store, config.Plugins) { OAuth = oauth, Changes = changes, Tokens = tokens.Value, Passwords = cached };
    }

    public IUserDirectory Directory => _handlerServices.GetRequiredService<IUserDirectory>();

    public IAdminSessions AdminSessions => _handlerServices.GetRequiredService<IAdminSessions>();

    public void Dispose() => _handlerServices.Dispose();

    private static HandlerCatalog BuildCatalog(IServiceProvider provider, IReadOnlyList<(Type Type, string File)> pluginTypes, PluginLoader loader)
    {
        var descriptors = BuiltInHandlers
            .Select(t => HandlerCatalog.BuiltIn((IAuthenticationHandler)provider.GetRequiredService(t)))
            .Append(HandlerCatalog.MutualTlsClientAuthenticator)
            .ToList();
        foreach (var group in pluginTypes.GroupBy(p => p.File))
        {
            var ids = new List<string>();
            string? error = null;
            foreach (var (type, file) in group)
            {
                try
                {
                    var handler = (IAuthenticationHandler)provider.GetRequiredService(type);
                    if (descriptors.FirstOrDefault(d => d.Id == handler.Id || d.Name == handler.Name) is { } clash)
                    {
                        error = $"handler id '{handler.Id}' / name '{handler.Name}' collides with {clash.Id} from {clash.Origin}";
                        continue;
                    }

                    descriptors.Add(HandlerCatalog.Plugin(handler, file));
                    ids.Add(handler.Id);
                }
                catch (Exception ex)
                {
                    // A constructor that throws is the plugin's fault, not the host's: skip it.
                    error = $"{type.FullName} could not be created: {(ex.InnerException ?? ex).Message}";
                }
            }

            if (error is not null)
            {
                loader.Skip(group.Key, error);
            }

            if (ids.Count > 0)
            {
                loader.RecordLoaded(group.Key, ids);
            }
        }

        IAuthenticationHandler[] fallbacks =
            [provider.GetRequiredService<AdminSessionAuthenticator>(), provider.GetRequiredService<BasicAuthenticationHandler>()];
        return new HandlerCatalog(descriptors, fallbacks);
    }

    private static void EnsureSuperAdmin(SuperAdminSettings admin, IUserStore store, ILogger logger)
    {
        if (!admin.CreateAdminAccount || !QualifiedUserName.TryParse(admin.Username, out var user)
            || store.FindAsync(user, CancellationToken.None).AsTask().GetAwaiter().GetResult() is not null)
        {
            return;
        }

        try
        {
            store.AddUser(user, admin.Password, [SqlUserStore.AdminRole], new Dictionary<string, string>());
            logger.LogInformation("Created the super admin '{User}' from [super_admin]", user);
        }
        catch (Exception ex) when (ex is UserStoreException or System.Data.Common.DbException
                                   && store.FindAsync(user, CancellationToken.None).AsTask().GetAwaiter().GetResult() is not null)
        {
            // Another node sharing the database created it at the same moment.
        }
    }
}
