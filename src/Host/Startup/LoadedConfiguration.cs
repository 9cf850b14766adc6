using CompatHost.Host.Chain;
using CompatHost.Host.Configuration;
using CompatHost.Host.Plugins;

namespace CompatHost.Host.Startup;

/// <summary>
/// Validated settings and the catalog of handlers they configure, from files alone: no handler
/// is constructed, no store or port is opened (what <c>check</c> and <c>audit</c> need).
/// </summary>
public sealed record LoadedConfiguration(HostSettings Settings, HandlerCatalog Catalog, IReadOnlyList<PluginLoadReport> Plugins);
