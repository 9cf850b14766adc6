namespace CompatHost.Host.Configuration;

/// <summary>
/// Errors and warnings about one config entry (an access rule, a thumbprint mapping), each naming
/// the entry's file, line and the part of it at fault; <see cref="Ok"/> until the first error.
/// </summary>
public sealed class EntryDiagnostics(string file, string key, int? line, ConfigDiagnostics diagnostics)
{
    public bool Ok { get; private set; } = true;

    public void Fail(string part, string message)
    {
        diagnostics.Error(new ConfigError(file, key + "." + part, line, message));
        Ok = false;
    }

    public void Warn(string part, string message) => diagnostics.Warning(new ConfigError(file, key + "." + part, line, message));
}
