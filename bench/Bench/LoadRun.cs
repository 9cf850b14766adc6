using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CompatHost.Bench;

/// <summary>
/// A bounded closed-loop load against running nodes on loopback: N workers, each sending
/// Basic-authenticated <c>GET /scim2/Me</c> round-robin over the nodes for a fixed time.
/// Usage: <c>load --nodes https://127.0.0.1:9443,https://127.0.0.1:9444 --cacert ca.crt [--seconds 10] [--workers 16] [--user admin:admin]</c>.
/// </summary>
public static class LoadRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Option(string name, string fallback) =>
            Array.IndexOf(args, "--" + name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;

        var nodes = Option("nodes", "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(n => new Uri(n)).ToArray();
        if (nodes.Length == 0 || nodes.Any(n => !n.IsLoopback))
        {
            Console.Error.WriteLine("load: --nodes must list loopback https URLs");
            return 2;
        }

        var seconds = Math.Clamp(int.Parse(Option("seconds", "10")), 1, 120);
        var workers = Math.Clamp(int.Parse(Option("workers", "16")), 1, 256);
        var ca = X509CertificateLoader.LoadCertificateFromFile(Option("cacert", "ca.crt"));
        var authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Option("user", "admin:admin")));
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = workers };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && Trusted(certificate, ca);
        using var client = new HttpClient(handler);

        var stop = Stopwatch.StartNew();
        var counts = new long[workers];
        var failures = new long[workers];
        var latencies = new List<double>[workers];
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async w =>
        {
            latencies[w] = [];
            for (var i = w; stop.Elapsed.TotalSeconds < seconds; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(nodes[i % nodes.Length], "/scim2/Me"));
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
                var started = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request);
                latencies[w].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.IsSuccessStatusCode)
                {
                    counts[w]++;
                }
                else
                {
                    failures[w]++;
                }
            }
        }));

        var all = latencies.SelectMany(l => l).Order().ToList();
        var total = counts.Sum();
        Console.WriteLine($"nodes={nodes.Length} workers={workers} seconds={seconds} ok={total} failed={failures.Sum()} " +
                          $"rps={total / stop.Elapsed.TotalSeconds:F0} p50={all[all.Count / 2]:F2}ms p99={all[(int)(all.Count * 0.99)]:F2}ms");
        return failures.Sum() == 0 ? 0 : 1;
    }

    private static bool Trusted(X509Certificate certificate, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
    }
}
