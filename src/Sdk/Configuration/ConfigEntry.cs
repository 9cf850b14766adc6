namespace CompatHost.Sdk.Configuration;

/// <summary>
/// Errors and warnings about one config entry (an access rule, a thumbprint mapping), each naming
/// the entry's file, line and the part of it at fault; <see cref="Ok"/> until the first error.
/// </summary>
public sealed class ConfigEntry(string file, string key, int? line, IConfigReport report)
{
    public bool Ok { get; private set; } = true;

    public void Fail(string part, string message)
    {
        report.Error(file, key + "." + part, line, message);
        Ok = false;
    }

    public void Warn(string part, string message) => report.Warning(file, key + "." + part, line, message);
}
