using System.Diagnostics.Metrics;

namespace CompatHost.Host.Metrics;

/// <summary>
/// The host's own instruments, on one <see cref="Meter"/> that OpenTelemetry exports (with
/// ASP.NET Core's and Kestrel's) at <c>GET /metrics</c>. Instruments are cheap no-ops until a
/// listener subscribes, so the hot path pays nothing when metrics are not scraped.
/// </summary>
public static class HostMetrics
{
    public const string MeterName = "CompatHost";

    private static readonly Meter Meter = new(MeterName, "1.0");

    /// <summary>Every request's outcome, tagged <c>chain</c>, <c>handler</c> and <c>outcome</c> (as in the audit record).</summary>
    public static readonly Counter<long> Decisions = Meter.CreateCounter<long>(
        "compathost.auth.decisions", "{decision}", "Authentication and authorization decisions by chain, deciding handler and outcome");

    /// <summary>Hit and miss counts by cache name, observed at each scrape (see <see cref="CacheLookups"/>).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, CacheLookupCount> Lookups = new();

    /// <summary>Requests answered 503 because the store could not be reached.</summary>
    public static readonly Counter<long> StoreUnavailable = Meter.CreateCounter<long>(
        "compathost.store.unavailable", "{request}", "Requests answered 503 while the store was unreachable");

    /// <summary>Audit records that could not be written (a full disk); requests were served regardless.</summary>
    public static readonly Counter<long> AuditRecordsLost = Meter.CreateCounter<long>(
        "compathost.audit.records_lost", "{record}", "Audit records lost to failed writes");

    private static Func<DateTime>? _serverCertificateNotAfter;

    static HostMetrics()
    {
        // Observed rather than recorded: a request makes several cache lookups, and recording each
        // through the SDK's aggregator (tag lookup per measurement) cost more than the lookups.
        Meter.CreateObservableCounter<long>("compathost.cache.lookups",
            () => Lookups.SelectMany(cache => new[]
            {
                new Measurement<long>(cache.Value.Hits, new("cache", cache.Key), new("result", "hit")),
                new Measurement<long>(cache.Value.Misses, new("cache", cache.Key), new("result", "miss")),
            }),
            "{lookup}", "Lookups in the host's credential and account caches");
        Meter.CreateObservableGauge<double>("compathost.tls.server_certificate.remaining",
            () => _serverCertificateNotAfter is { } notAfter ? [new Measurement<double>((notAfter().ToUniversalTime() - DateTime.UtcNow).TotalDays)] : [],
            "d", "Days until the server certificate expires");
    }

    /// <summary>
    /// The lookup counts of the cache called <paramref name="cache"/>, exported tagged <c>cache</c>
    /// and <c>result</c> (hit or miss); caches of one name count together.
    /// </summary>
    public static CacheLookupCount CacheLookups(string cache) => Lookups.GetOrAdd(cache, _ => new CacheLookupCount());

    /// <summary>Where the expiry gauge reads the server certificate in use (it follows reloads).</summary>
    public static void ServerCertificate(Func<DateTime> notAfter) => _serverCertificateNotAfter = notAfter;
}

/// <summary>One cache's hits and misses.</summary>
public sealed class CacheLookupCount
{
    private long _hits;
    private long _misses;

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    public void Hit() => Interlocked.Increment(ref _hits);

    public void Miss() => Interlocked.Increment(ref _misses);
}
