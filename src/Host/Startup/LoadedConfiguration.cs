using CompatHost.Host.Chain;
using CompatHost.Host.Configuration;
using CompatHost.Host.OAuth;
using CompatHost.Host.Plugins;
using CompatHost.Host.Storage;
using CompatHost.Host.Users;
using Microsoft.Extensions.DependencyInjection;

namespace CompatHost.Host.Startup;

/// <summary>
/// Validated settings and the handlers they configure, before any store or port is opened.
/// The handles are attached to the store by <see cref="HostCore.Open"/>; a caller that never opens
/// one (<c>check</c>, <c>audit</c>) only disposes this.
/// </summary>
public sealed record LoadedConfiguration(
    HostSettings Settings,
    HandlerCatalog Catalog,
    IReadOnlyList<PluginLoadReport> Plugins,
    ServiceProvider Services,
    UserDirectoryHandle Directory,
    Deferred<TokenCache> Tokens,
    Soap.AdminSessionsHandle Sessions) : IDisposable
{
    public void Dispose() => Services.Dispose();
}
