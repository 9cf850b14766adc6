namespace CompatHost.Bench.Soak;

/// <summary>What the workers saw: successes, errors per operation, and latencies per sampling window and overall.</summary>
public sealed class SoakRecorder(int operations)
{
    private readonly Lock _gate = new();
    private readonly long[] _errors = new long[operations];
    private readonly LatencyHistogram _overall = new();
    private LatencyHistogram _window = new();
    private long _windowErrors;

    public long Succeeded { get; private set; }

    public TimeSpan Elapsed { get; set; }

    public LatencyHistogram Overall => _overall;

    public IReadOnlyList<long> ErrorsByOperation
    {
        get
        {
            lock (_gate)
            {
                return [.. _errors];
            }
        }
    }

    public void Record(int operation, bool succeeded, double milliseconds)
    {
        lock (_gate)
        {
            _window.Add(milliseconds);
            if (succeeded)
            {
                Succeeded++;
            }
            else
            {
                _errors[operation]++;
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
