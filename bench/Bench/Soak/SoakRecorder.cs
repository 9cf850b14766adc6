namespace CompatHost.Bench.Soak;

/// <summary>What the workers saw: successes, errors by operation and what went wrong, and latencies per sampling window and overall.</summary>
public sealed class SoakRecorder
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly LatencyHistogram _overall = new();
    private LatencyHistogram _window = new();
    private long _windowErrors;

    public long Succeeded { get; private set; }

    public TimeSpan Elapsed { get; set; }

    public LatencyHistogram Overall => _overall;

    /// <summary>Counts keyed "operation: what it got", e.g. <c>rest-basic: 401</c>.</summary>
    public IReadOnlyDictionary<string, long> Errors
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, long>(_errors, StringComparer.Ordinal);
            }
        }
    }

    public void Record(string operation, string? error, double milliseconds)
    {
        lock (_gate)
        {
            _window.Add(milliseconds);
            if (error is null)
            {
                Succeeded++;
            }
            else
            {
                var key = operation + ": " + error;
                _errors[key] = _errors.GetValueOrDefault(key) + 1;
                _windowErrors++;
            }
        }
    }

    /// <summary>The latencies and errors since the last call; they join the overall figures.</summary>
    public (LatencyHistogram Window, long Errors) TakeWindow()
    {
        lock (_gate)
        {
            var window = _window;
            var errors = _windowErrors;
            _overall.Add(window);
            _window = new LatencyHistogram();
            _windowErrors = 0;
            return (window, errors);
        }
    }
}
