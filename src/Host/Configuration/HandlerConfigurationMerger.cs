using System.Collections.Frozen;
using CompatHost.Host.Chain;
using CompatHost.Sdk.Handlers;

namespace CompatHost.Host.Configuration;

/// <summary>Layers defaults, XML, then TOML (TOML wins, config.md) into one configuration per handler.</summary>
public static class HandlerConfigurationMerger
{
    public static FrozenDictionary<string, HandlerConfiguration> Merge(
        HandlerCatalog catalog,
        IReadOnlyDictionary<string, HandlerSwitch> xml,
        IReadOnlyDictionary<string, HandlerSwitch> toml)
    {
        var result = new Dictionary<string, HandlerConfiguration>(StringComparer.Ordinal);
        foreach (var descriptor in catalog.All)
        {
            var x = xml.GetValueOrDefault(descriptor.Id) ?? HandlerSwitch.Unset;
            var t = toml.GetValueOrDefault(descriptor.Id) ?? HandlerSwitch.Unset;
            var (priority, prioritySource) = Pick(t.Priority, x.Priority, descriptor.DefaultPriority);
            var (enabled, enabledSource) = Pick(t.Enabled, x.Enabled, descriptor.EnabledByDefault);
            var parameters = new Dictionary<string, string>(x.Parameters, StringComparer.Ordinal);
            foreach (var (key, value) in t.Parameters)
            {
                parameters[key] = value;
            }

            result[descriptor.Id] = new HandlerConfiguration(descriptor.Id, priority, enabled, prioritySource, enabledSource,
                parameters.ToFrozenDictionary(StringComparer.Ordinal));
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static (T Value, SettingSource Source) Pick<T>(T? toml, T? xml, T fallback) where T : struct =>
        toml is { } t ? (t, SettingSource.Toml) : xml is { } x ? (x, SettingSource.Xml) : (fallback, SettingSource.Default);
}
