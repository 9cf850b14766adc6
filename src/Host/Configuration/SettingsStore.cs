using CompatHost.Host.Chain;
using Microsoft.Extensions.Logging;

namespace CompatHost.Host.Configuration;

/// <summary>
/// Holds the config snapshot in force. A reload builds a whole new snapshot and swaps the
/// reference; a snapshot that fails validation is logged and the last good one stays.
/// </summary>
public sealed class SettingsStore(HostSettings initial, HandlerCatalog catalog, ILogger<SettingsStore> logger)
{
    private volatile HostSettings _current = initial;

    public HostSettings Current => _current;

    public event Action<HostSettings>? Reloaded;

    public bool TryReload()
    {
        try
        {
            var next = HostSettingsLoader.Load(_current.Home, catalog);
            foreach (var warning in next.Warnings)
            {
                logger.LogWarning("Config warning: {Warning}", warning);
            }

            _current = next;
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
