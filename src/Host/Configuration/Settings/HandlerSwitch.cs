namespace CompatHost.Host.Configuration;

/// <summary>
/// What one file says about one handler: each part optional, so files can be layered.
/// <paramref name="ParameterLines"/> says where each parameter was written, for errors found later.
/// </summary>
public sealed record HandlerSwitch(bool? Enabled, int? Priority, IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, int>? ParameterLines = null)
{
    public static readonly HandlerSwitch Unset = new(null, null, new Dictionary<string, string>());
}
