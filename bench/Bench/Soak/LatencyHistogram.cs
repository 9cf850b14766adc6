namespace CompatHost.Bench.Soak;

/// <summary>
/// Latencies in logarithmic buckets (5 % wide, 50 µs to ~60 s): percentiles in fixed memory,
/// so an hour-long soak measures the host, not a growing list of samples.
/// </summary>
public sealed class LatencyHistogram
{
    private const double Smallest = 0.05;
    private const double Ratio = 1.05;
    private readonly long[] _counts = new long[290];

    public long Count { get; private set; }

    public void Add(double milliseconds)
    {
        var bucket = milliseconds <= Smallest ? 0 : (int)Math.Ceiling(Math.Log(milliseconds / Smallest, Ratio));
        _counts[Math.Min(bucket, _counts.Length - 1)]++;
        Count++;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
    }

    /// <summary>The upper edge of the bucket holding the <paramref name="fraction"/> quantile, in ms; 0 when empty.</summary>
    public double Percentile(double fraction)
    {
        var rank = (long)Math.Ceiling(Count * fraction);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank && seen > 0)
            {
                return Smallest * Math.Pow(Ratio, i);
            }
        }

        return 0;
    }
}
