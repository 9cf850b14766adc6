using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace CompatHost.Speed;

/// <summary>What one shape sends: a fresh request per call, and whether it presents the client certificate or opens a connection per request.</summary>
public sealed record Shape(string Name, Func<Uri, HttpRequestMessage> Request, bool ClientCertificate = false, bool NewConnectionPerRequest = false);

/// <param name="ServerCpuMicroseconds">The server process's CPU time (user + system) per answered request in the window: steadier than req/s on a shared machine.</param>
/// <param name="AllocatedBytes">Bytes the server's managed code allocated per answered request in the window: does not move with the machine's load at all.</param>
public sealed record ShapeResult(double RequestsPerSecond, long Failed, double P50Ms, double P99Ms, double ServerCpuMicroseconds, double AllocatedBytes, string? FirstFailure);

/// <summary>What the harness reads from the server under test around a window: its CPU time and the bytes its runtime has allocated so far.</summary>
public sealed record ServerGauges(Func<TimeSpan> Cpu, Func<Task<long>> Allocated);

/// <summary>One shape against one server: what a window drives.</summary>
public sealed record Target(Uri Server, Shape Shape, ServerGauges Gauges);

/// <summary>
/// The bounded closed-loop client every shape and every server get: N keep-alive HTTP/1.1 TLS
/// connections (one per worker), a warm-up whose answers are not counted, then a timed window.
/// </summary>
public sealed class LoadClient(int connections, TimeSpan warmUp, TimeSpan window, X509Certificate2 clientCertificate)
{
    /// <summary>A paired window is cut into slices of this length, host and baseline taking turns.</summary>
    private static readonly TimeSpan Slice = TimeSpan.FromSeconds(1);

    public async Task<ShapeResult> RunAsync(Target target)
    {
        using var client = Client(target.Shape);
        await RunWindowAsync(client, target, warmUp);
        return (await RunWindowAsync(client, target, window)).Result();
    }

    /// <summary>
    /// The host shape and its baseline in one window, taking turns slice by slice (baseline, host,
    /// host, baseline, ...), each on its own warm connections. Both sides then see the same
    /// moments of this shared VM: its speed drifts by 15-20 % within seconds (the same bare
    /// SoapCore process took 203 and 240 µs of CPU per call in two windows 10 s apart), so
    /// windows measured one after the other compared the machine as much as the servers.
    /// </summary>
    public async Task<(ShapeResult Baseline, ShapeResult Host)> RunPairedAsync(Target baseline, Target host)
    {
        using var bareClient = Client(baseline.Shape);
        using var hostClient = Client(host.Shape);
        await RunWindowAsync(bareClient, baseline, warmUp);
        await RunWindowAsync(hostClient, host, warmUp);
        Tally bare = new(), mine = new();
        for (var i = 0; mine.Elapsed < window; i++)
        {
            // ABBA order, so neither side always follows the other's tail.
            bool[] turns = i % 2 == 0 ? [false, true] : [true, false];
            foreach (var hostTurn in turns)
            {
                (hostTurn ? mine : bare).Add(await RunWindowAsync(hostTurn ? hostClient : bareClient, hostTurn ? host : baseline, Slice));
            }
        }

        return (bare.Result(), mine.Result());
    }

    private HttpClient Client(Shape shape)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
        };
        // Loopback to a server this run made: its certificate is the harness's own.
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        if (shape.ClientCertificate)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    private async Task<Tally> RunWindowAsync(HttpClient client, Target target, TimeSpan length)
    {
        var (server, shape, gauges) = target;
        var allocatedBefore = await gauges.Allocated();
        var cpuBefore = gauges.Cpu();
        var clock = Stopwatch.StartNew();
        var latencies = new List<double>[connections];
        var failed = new long[connections];
        string? firstFailure = null;
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async w =>
        {
            var mine = latencies[w] = new List<double>(1 << 14);
            while (clock.Elapsed < length)
            {
                using var request = shape.Request(server);
                request.Headers.ConnectionClose = shape.NewConnectionPerRequest;
                var started = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    failed[w]++;
                    Interlocked.CompareExchange(ref firstFailure, $"{(int)response.StatusCode} {body}", null);
                }
            }
        }));

        // In this order: the clock and the CPU are read before the allocation scrape, which the server also serves.
        var tally = new Tally
        {
            Elapsed = clock.Elapsed,
            Cpu = gauges.Cpu() - cpuBefore,
            Allocated = await gauges.Allocated() - allocatedBefore,
            Failed = failed.Sum(),
            FirstFailure = firstFailure,
        };
        tally.Latencies.AddRange(latencies.SelectMany(l => l));
        return tally;
    }

    /// <summary>One side's sums over the windows or slices it ran.</summary>
    private sealed class Tally
    {
        public TimeSpan Elapsed { get; set; }
        public TimeSpan Cpu { get; set; }
        public long Allocated { get; set; }
        public long Failed { get; set; }
        public string? FirstFailure { get; set; }
        public List<double> Latencies { get; } = [];

        public void Add(Tally slice)
        {
            Elapsed += slice.Elapsed;
            Cpu += slice.Cpu;
            Allocated += slice.Allocated;
            Failed += slice.Failed;
            FirstFailure ??= slice.FirstFailure;
            Latencies.AddRange(slice.Latencies);
        }

        public ShapeResult Result()
        {
            var all = Latencies.Order().ToArray();
            var answered = Math.Max(1, all.Length - Failed);
            return new ShapeResult(answered / Elapsed.TotalSeconds, Failed,
                all.Length == 0 ? 0 : all[all.Length / 2], all.Length == 0 ? 0 : all[(int)(all.Length * 0.99)],
                Cpu.TotalMicroseconds / answered, (double)Allocated / answered, FirstFailure);
        }
    }
}
