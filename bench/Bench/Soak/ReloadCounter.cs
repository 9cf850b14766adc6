using Microsoft.Extensions.Logging;

namespace CompatHost.Bench.Soak;

/// <summary>
/// Counts the reloads the host itself reports (its "reloaded" and "rejected" log lines for
/// config and trust material), so the soak states how many reloads were applied, not only
/// how many files it rewrote.
/// </summary>
public sealed class ReloadCounter : ILoggerProvider, ILogger
{
    private int _config;
    private int _trust;
    private int _rejected;

    public int Config => Volatile.Read(ref _config);

    public int Trust => Volatile.Read(ref _trust);

    public int Rejected => Volatile.Read(ref _rejected);

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception);
        if (message.StartsWith("Configuration reloaded", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _config);
        }
        else if (message.StartsWith("Trust material reloaded", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _trust);
        }
        else if (message.Contains("rejected", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _rejected);
        }
    }

    public void Dispose()
    {
        // Nothing held.
    }
}
