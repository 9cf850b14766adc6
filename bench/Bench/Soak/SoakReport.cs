using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CompatHost.Bench.Soak;

/// <summary>One sampling window: throughput, latency, errors in the window, process RSS and GC heap after the last collection.</summary>
public sealed record SoakSample(double Time, double Rps, double P50, double P99, long Errors, double RssMb, double GcHeapMb, int Reloads)
{
    public string Line() => string.Create(CultureInfo.InvariantCulture,
        $"{Time,6:F0} {Rps,7:F0} {P50,9:F2} {P99,8:F2} {Errors,8} {RssMb,8:F1} {GcHeapMb,12:F1} {Reloads,9}");
}

/// <summary>
/// The soak's outcome and its limits: no error at all, no reload the host rejected, and RSS
/// after the warm-up grown by less than <see cref="SoakRun.RssGrowthLimit"/>. <c>Reloads</c>
/// counts files rewritten; the host's own count of what it applied is beside it.
/// </summary>
public sealed record SoakReport(double PeakRps, double TargetRps, double Rps, long Requests, long Errors, IReadOnlyDictionary<string, long> ErrorsByOperation,
    double P50, double P99, double RssAfterWarmupMb, double RssFinalMb, double RssGrowth, double GcHeapMaxMb, int Reloads, int ConfigReloads,
    int TrustReloads, int ReloadsRejected, IReadOnlyList<SoakSample> Samples)
{
    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public bool Passed => Errors == 0 && ReloadsRejected == 0 && RssGrowth < SoakRun.RssGrowthLimit;

    public static SoakReport From(double peak, double target, SoakRecorder recorder, IReadOnlyList<SoakSample> samples, double warmup, ReloadCounter applied)
    {
        var errors = recorder.Errors;
        var steady = samples.Where(s => s.Time >= warmup).ToList();
        // The first sample after the warm-up is the baseline; the final figure is the mean of the
        // last two, so one sample taken just before a collection does not decide the verdict.
        var baseline = steady.Count > 0 ? steady[0].RssMb : 0;
        var final = steady.Count > 0 ? steady.TakeLast(2).Average(s => s.RssMb) : 0;
        return new SoakReport(peak, target, recorder.Overall.Count / recorder.Elapsed.TotalSeconds, recorder.Overall.Count, errors.Values.Sum(), errors,
            recorder.Overall.Percentile(0.5), recorder.Overall.Percentile(0.99), baseline, final,
            baseline > 0 ? (final - baseline) / baseline : 0, samples.Count > 0 ? samples.Max(s => s.GcHeapMb) : 0, samples.Count > 0 ? samples[^1].Reloads : 0,
            applied.Config, applied.Trust, applied.Rejected, samples);
    }

    public string Summary()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"soak: {Requests} requests, {Rps:F0} req/s ({TargetRps:F0} paced, {PeakRps:F0} peak), p50 {P50:F2} ms, p99 {P99:F2} ms, ");
        text.Append(CultureInfo.InvariantCulture, $"{Errors} errors{(Errors > 0 ? " (" + string.Join(", ", ErrorsByOperation.Select(e => $"{e.Key} {e.Value}")) + ")" : "")}, ");
        text.Append(CultureInfo.InvariantCulture, $"RSS {RssAfterWarmupMb:F1} -> {RssFinalMb:F1} MB ({RssGrowth:+0.0%;-0.0%}) after warm-up, GC heap max {GcHeapMaxMb:F1} MB, ");
        text.Append(CultureInfo.InvariantCulture, $"{Reloads} files rewritten ({ConfigReloads} config and {TrustReloads} trust reloads applied, {ReloadsRejected} rejected): ");
        text.Append(Passed ? "PASS" : "FAIL");
        return text.ToString();
    }
}
