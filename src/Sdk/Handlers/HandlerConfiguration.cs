using System.Collections.Frozen;

namespace CompatHost.Sdk.Handlers;

/// <summary>Where a setting's value came from, for the startup summary.</summary>
public enum SettingSource
{
    Default,
    Toml,
    Xml,
}

/// <summary>
/// A handler's place in a chain as config says: priority, switch, its own parameters, and
/// which file set each. Immutable; part of one config snapshot.
/// </summary>
public sealed record HandlerConfiguration(
    string Id,
    int Priority,
    bool Enabled,
    SettingSource PrioritySource,
    SettingSource EnabledSource,
    FrozenDictionary<string, string> Parameters)
{
    public string? Parameter(string name) => Parameters.TryGetValue(name, out var value) ? value : null;
}
