namespace CompatHost.Host.Plugins;

/// <summary>What happened to one drop-in file, for the startup summary.</summary>
public sealed record PluginLoadReport(string File, bool Loaded, IReadOnlyList<string> HandlerIds, string? Error);
