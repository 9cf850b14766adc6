namespace CompatHost.Speed;

/// <summary>
/// Every measured window; printed as medians, each ratio the median of the host's req/s over its
/// baseline's in the window they were measured in turns (LoadClient.RunPairedAsync).
/// </summary>
public sealed class ResultTable
{
    public const string BareRest = "bare Kestrel minimal API GET /scim2/Me";
    public const string BareSoap = "bare SoapCore isExistingUser";
    public const string BareNewConnection = "bare new TLS connection per request (client cert)";

    private readonly List<string> _rows = [];
    private readonly Dictionary<string, List<ShapeResult>> _results = [];
    private readonly Dictionary<string, List<double>> _ratios = [];
    private readonly Dictionary<string, List<double>> _coldStartMs = [];
    private readonly Dictionary<string, List<double>> _residentMiB = [];

    public bool AnyFailed => _results.Values.Any(r => r.Any(x => x.Failed > 0));

    /// <param name="baseline">The baseline's result in the same paired window; none for a baseline or an unpaired shape.</param>
    public void Add(string name, ShapeResult result, ShapeResult? baseline)
    {
        if (baseline is not null)
        {
            Append(_ratios, name, result.RequestsPerSecond / baseline.RequestsPerSecond);
        }

        if (!_results.TryGetValue(name, out var list))
        {
            _results[name] = list = [];
            _rows.Add(name);
        }

        list.Add(result);
    }

    public void AddColdStart(string role, TimeSpan elapsed) => Append(_coldStartMs, role, elapsed.TotalMilliseconds);

    public void AddResident(string role, long bytes) => Append(_residentMiB, role, bytes / 1024.0 / 1024.0);

    public void Print(TextWriter output, int rounds, string loadAverage)
    {
        output.WriteLine($"median of {rounds} round(s), each host shape measured in turns with its baseline; load average at the end: {loadAverage}");
        output.WriteLine();
        output.WriteLine("| shape | req/s | vs its bare baseline | server CPU µs/req | server KiB allocated/req | p50 ms | p99 ms | failed |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var name in _rows.OrderBy(n => !n.StartsWith("bare", StringComparison.Ordinal)))
        {
            var results = _results[name];
            var ratio = _ratios.TryGetValue(name, out var ratios) ? Median(ratios).ToString("F2")
                : name.StartsWith("bare", StringComparison.Ordinal) ? "1.00" : "—";
            output.WriteLine($"| {name} | {Median(results.Select(r => r.RequestsPerSecond)):N0} | {ratio} " +
                             $"| {Median(results.Select(r => r.ServerCpuMicroseconds)):F0} | {Median(results.Select(r => r.AllocatedBytes)) / 1024:F1} " +
                             $"| {Median(results.Select(r => r.P50Ms)):F2} | {Median(results.Select(r => r.P99Ms)):F2} | {results.Sum(r => r.Failed)} |");
        }

        // A median hides how far single rounds strayed; on this shared 2-core machine they stray a
        // lot, so every round is listed under the table.
        output.WriteLine();
        foreach (var name in _rows.Where(n => !n.StartsWith("bare", StringComparison.Ordinal)))
        {
            var perRound = _ratios.TryGetValue(name, out var ratios)
                ? string.Join(", ", ratios.Select(r => r.ToString("F2")))
                : string.Join(", ", _results[name].Select(r => r.RequestsPerSecond.ToString("N0"))) + " req/s";
            output.WriteLine($"{name}, per round: {perRound}");
        }

        output.WriteLine();
        foreach (var (role, values) in _coldStartMs)
        {
            output.WriteLine($"{role}: cold start to first 200 {Median(values):F0} ms ({values.Min():F0}-{values.Max():F0}); RSS after its load {Median(_residentMiB[role]):F0} MiB ({_residentMiB[role].Min():F0}-{_residentMiB[role].Max():F0})");
        }
    }

    private static void Append(Dictionary<string, List<double>> values, string key, double value)
    {
        if (!values.TryGetValue(key, out var list))
        {
            values[key] = list = [];
        }

        list.Add(value);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
