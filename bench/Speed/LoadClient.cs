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

/// <summary>
/// The bounded closed-loop client every shape and every server get: N keep-alive HTTP/1.1 TLS
/// connections (one per worker), a warm-up whose answers are not counted, then a timed window.
/// </summary>
public sealed class LoadClient(int connections, TimeSpan warmUp, TimeSpan window, X509Certificate2 clientCertificate)
{
    public async Task<ShapeResult> RunAsync(Uri server, Shape shape, ServerGauges gauges)
    {
        using var handler = new SocketsHttpHandler
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

        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        await RunWindowAsync(client, server, shape, warmUp, gauges);
        return await RunWindowAsync(client, server, shape, window, gauges);
    }

    private async Task<ShapeResult> RunWindowAsync(HttpClient client, Uri server, Shape shape, TimeSpan length, ServerGauges gauges)
    {
        var allocatedBefore = await gauges.Allocated();
        var cpuBefore = gauges.Cpu();
        var clock = Stopwatch.StartNew();
        var latencies = new List<double>[connections];
        var failed = new long[connections];
        string? firstFailure = null;
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async w =>
        {
            var mine = latencies[w] = new List<double>(1 << 16);
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

        var elapsed = clock.Elapsed.TotalSeconds;
        var cpu = gauges.Cpu() - cpuBefore;
        var allocated = await gauges.Allocated() - allocatedBefore;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        var answered = Math.Max(1, all.Length - failed.Sum());
        return new ShapeResult(answered / elapsed, failed.Sum(),
            all.Length == 0 ? 0 : all[all.Length / 2], all.Length == 0 ? 0 : all[(int)(all.Length * 0.99)], cpu.TotalMicroseconds / answered, (double)allocated / answered, firstFailure);
    }
}
