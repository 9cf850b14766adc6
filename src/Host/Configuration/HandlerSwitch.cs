namespace CompatHost.Host.Configuration;

/// <summary>What one file says about one handler: each part optional, so files can be layered.</summary>
public sealed record HandlerSwitch(bool? Enabled, int? Priority, IReadOnlyDictionary<string, string> Parameters)
{
    public static readonly HandlerSwitch Unset = new(null, null, new Dictionary<string, string>());
}
