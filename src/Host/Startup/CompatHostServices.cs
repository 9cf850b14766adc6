using CompatHost.Host.Access;
using CompatHost.Host.Chain;
using CompatHost.Host.Configuration;
using CompatHost.Host.Storage;
using CompatHost.Sdk.Handlers;
using CompatHost.Sdk.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CompatHost.Host.Startup;

/// <summary>
/// The composition root: config read and the store open (<see cref="HostCore"/>), this puts
/// them and the handlers they serve into the one container — the web host's, or the CLI's for
/// <c>explain</c>. Handlers (built-in and dropped in) are constructed here, by that container,
/// so each takes the real store in its constructor; nothing is attached later.
/// </summary>
public static class CompatHostServices
{
    /// <summary>
    /// The core on its own, without a web host: what <c>explain</c> walks, and what tests and
    /// benchmarks decide requests with.
    /// </summary>
    public static ServiceProvider Compose(HostCore core) =>
        new ServiceCollection().AddLogging().AddCompatHostCore(core).BuildServiceProvider();

    public static IServiceCollection AddCompatHostCore(this IServiceCollection services, HostCore core)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(core.Catalog);
        services.AddSingleton(core.Store);
        services.AddSingleton(core.Passwords);
        services.AddSingleton<IUserDirectory>(core.Passwords);
        services.AddSingleton(core.Database);
        services.AddSingleton(core.Changes);
        services.AddSingleton(core.OAuth);
        services.AddSingleton(core.Tokens);
        services.AddSingleton(core.AdminSessions);
        services.Scan(scan => scan.FromTypes(core.HandlerTypes)
            .AddClasses(classes => classes.AssignableTo<IAuthenticationHandler>(), publicOnly: false)
            .AsSelf()
            .WithSingletonLifetime());
        services.AddSingleton(sp => new HandlerSet(sp, core.Catalog, core.Configuration.Plugins, sp.GetRequiredService<ILogger<HandlerSet>>()));
        services.AddSingleton(sp =>
        {
            var store = new SettingsStore(core.Settings, sp.GetRequiredService<HandlerSet>(), sp.GetRequiredService<ILogger<SettingsStore>>());
            store.Reloaded += next => core.Passwords.Lockout = next.AccountLocking;
            return store;
        });
        services.AddSingleton<ResourceRuleAuthorizer>();
        services.AddSingleton<RequestExplainer>();
        return services;
    }
}
