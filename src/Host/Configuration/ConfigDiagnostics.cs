namespace CompatHost.Host.Configuration;

/// <summary>Errors and warnings collected while reading all config files of one load.</summary>
public sealed class ConfigDiagnostics
{
    private readonly List<ConfigError> _errors = [];
    private readonly List<ConfigError> _warnings = [];

    public IReadOnlyList<ConfigError> Errors => _errors;

    public IReadOnlyList<ConfigError> Warnings => _warnings;

    public void Error(ConfigError error) => _errors.Add(error);

    public void Warning(ConfigError warning) => _warnings.Add(warning);

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new ConfigException(_errors);
        }
    }
}
