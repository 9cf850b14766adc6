namespace CompatHost.Host.Configuration;

/// <summary>One problem in a config file, located well enough for an operator to fix it.</summary>
public sealed record ConfigError(string File, string Key, int? Line, string Message)
{
    public override string ToString() =>
        Line is { } line ? $"{File}:{line}: {Key}: {Message}" : $"{File}: {Key}: {Message}";
}

/// <summary>Thrown when config cannot become settings; carries every error found, not just the first.</summary>
public sealed class ConfigException(IReadOnlyList<ConfigError> errors)
    : Exception("Configuration is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
{
    public IReadOnlyList<ConfigError> Errors { get; } = errors;
}
