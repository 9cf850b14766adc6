using CompatHost.Host.Configuration;
using CompatHost.Host.Plugins;
using CompatHost.Sdk.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CompatHost.Host.Chain;

/// <summary>
/// The catalog's handlers, constructed once by the host's one container (which by then holds
/// the open store they take), and the chains each config snapshot orders them into. A plugin
/// whose constructor throws is the plugin's fault: its file is skipped whole, with the reason,
/// and the host starts without it (a handler that never ran authenticates nobody).
/// </summary>
public sealed class HandlerSet
{
    private readonly Dictionary<HandlerDescriptor, IAuthenticationHandler> _built = [];

    public HandlerSet(IServiceProvider services, HandlerCatalog catalog, IReadOnlyList<PluginLoadReport> loaded, ILogger<HandlerSet> logger)
    {
        Catalog = catalog;
        var failed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var descriptor in catalog.All.Concat(catalog.AdminFallbacks).Where(d => d.HandlerType is not null))
        {
            if (descriptor.Origin == "built-in")
            {
                _built[descriptor] = (IAuthenticationHandler)services.GetRequiredService(descriptor.HandlerType!);
                continue;
            }

            try
            {
                var handler = (IAuthenticationHandler)services.GetRequiredService(descriptor.HandlerType!);
                _built[descriptor] = handler.Id == descriptor.Id
                    ? handler
                    : throw new PluginContractException($"its Id changed from '{descriptor.Id}' to '{handler.Id}' once constructed");
            }
            catch (Exception ex)
            {
                failed[descriptor.Origin] = $"{descriptor.HandlerType!.FullName} could not be created: {(ex.InnerException ?? ex).Message}";
            }
        }

        foreach (var (file, reason) in failed)
        {
            logger.LogError("Plugin {File} not loaded: {Reason}", file, reason);
            foreach (var descriptor in _built.Keys.Where(d => d.Origin == file).ToList())
            {
                _built.Remove(descriptor);
            }
        }

        Plugins = [.. loaded.Select(r => failed.TryGetValue(r.File, out var reason) ? r with { Loaded = false, HandlerIds = [], Error = reason } : r)];
    }

    public HandlerCatalog Catalog { get; }

    /// <summary>The load reports, with plugins whose handlers could not be constructed marked as skipped.</summary>
    public IReadOnlyList<PluginLoadReport> Plugins { get; }

    /// <summary>The chains <paramref name="settings"/> orders the constructed handlers into.</summary>
    public ActiveSettings Activate(HostSettings settings) => new(
        settings,
        HandlerChain.Build(HandlerChains.Rest, Catalog, settings.Handlers, Find),
        HandlerChain.Build(HandlerChains.SoapAdmin, Catalog, settings.Handlers, Find));

    private IAuthenticationHandler? Find(HandlerDescriptor descriptor) => _built.GetValueOrDefault(descriptor);
}

/// <summary>A config snapshot and the chains it orders, swapped together on reload.</summary>
public sealed record ActiveSettings(HostSettings Settings, HandlerChain Rest, HandlerChain Soap)
{
    public HandlerChain For(HandlerChains kind) => kind == HandlerChains.SoapAdmin ? Soap : Rest;
}
