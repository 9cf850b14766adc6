using CompatHost.Sdk.Configuration;

namespace CompatHost.Host.Configuration;

/// <summary>Errors and warnings collected while reading all config files of one load.</summary>
public sealed class ConfigDiagnostics : IConfigReport
{
    private readonly List<ConfigError> _errors = [];
    private readonly List<ConfigError> _warnings = [];

    public IReadOnlyList<ConfigError> Errors => _errors;

    public IReadOnlyList<ConfigError> Warnings => _warnings;

    public void Error(ConfigError error) => _errors.Add(error);

    public void Warning(ConfigError warning) => _warnings.Add(warning);

    void IConfigReport.Error(string file, string key, int? line, string message) => Error(new ConfigError(file, key, line, message));

    void IConfigReport.Warning(string file, string key, int? line, string message) => Warning(new ConfigError(file, key, line, message));

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new ConfigException(_errors);
        }
    }
}
