using CompatHost.Host.Chain;
using Microsoft.Extensions.Logging;

namespace CompatHost.Host.Configuration;

/// <summary>
/// Holds the config snapshot in force and the chains it orders. A reload builds a whole new
/// snapshot and swaps the reference; a snapshot that fails validation is logged and the last
/// good one stays.
/// </summary>
public sealed class SettingsStore(HostSettings initial, HandlerSet handlers, ILogger<SettingsStore> logger)
{
    private volatile ActiveSettings _active = handlers.Activate(initial);

    public HostSettings Current => _active.Settings;

    /// <summary>Settings and chains read together, so a request never pairs one snapshot's rules with another's chain.</summary>
    public ActiveSettings Active => _active;

    public event Action<HostSettings>? Reloaded;

    public bool TryReload()
    {
        try
        {
            var next = HostSettingsLoader.Load(_active.Settings.Home, handlers.Catalog);
            foreach (var warning in next.Warnings)
            {
                logger.LogWarning("Config warning: {Warning}", warning);
            }

            _active = handlers.Activate(next);
            logger.LogInformation("Configuration reloaded from {ConfDir}", next.Home.ConfDir);
            Reloaded?.Invoke(next);
            return true;
        }
        catch (ConfigException ex)
        {
            logger.LogError("Configuration change rejected; the previous settings stay in force. {Errors}", ex.Message);
            return false;
        }
    }
}
