using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Reliability;

/// <summary>
/// Slow and oversized clients meet Kestrel's configured limits while everyone else is served:
/// dripped headers (slowloris), too many or too large headers, a handshake flood.
/// </summary>
public sealed class SlowClientTests(SlowClientTests.Fixture fixture) : IClassFixture<SlowClientTests.Fixture>
{
    private RunningHost Host => fixture.Host;

    [Fact]
    public async Task Slowloris_IsCutOffAfterTheHeaderTimeout_AndOthersAreServedMeanwhile()
    {
        var dripping = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => OpenTlsAsync()));
        var clock = Stopwatch.StartNew();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var drip = Task.WhenAll(dripping.Select(stream => DripAsync(stream, cancel.Token)));

        // While twenty connections drip their headers, a normal client is answered at once.
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(200, (await Host.SendAsync(HttpMethod.Get, "/api/health", null)).Status);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"normal requests took {clock.Elapsed}");
        var closedAfter = await drip;
        // RequestHeadersTimeout is 10 s; allow for a loaded machine, but not for "never".
        Assert.All(closedAfter, t => Assert.InRange(t, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(28)));
    }

    [Fact]
    public async Task OversizeOrTooManyHeaders_Are431_NeverA5xx()
    {
        var big = Encoding.ASCII.GetBytes($"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: {new string('a', 70 * 1024)}\r\nConnection: close\r\n\r\n");
        var many = Encoding.ASCII.GetBytes("GET /api/health HTTP/1.1\r\nHost: x\r\n"
            + string.Concat(Enumerable.Range(0, 150).Select(i => $"X-H{i}: v\r\n")) + "Connection: close\r\n\r\n");

        Assert.Equal([431], HostClient.RawStatuses(await Host.SendRawAsync(big)));
        Assert.Equal([431], HostClient.RawStatuses(await Host.SendRawAsync(many)));
        Assert.Equal(200, (await Host.SendAsync(HttpMethod.Get, "/api/health", null)).Status);
    }

    [Fact]
    public async Task HandshakeFlood_LeavesTheHostServing()
    {
        // 200 connections that open TCP and never finish TLS, and 100 full handshakes in parallel.
        var idle = new List<TcpClient>();
        for (var i = 0; i < 200; i++)
        {
            var tcp = new TcpClient();
            await tcp.ConnectAsync(System.Net.IPAddress.Loopback, Host.Port);
            idle.Add(tcp);
        }

        try
        {
            var handshakes = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
            {
                await using var stream = await OpenTlsAsync();
                return stream.IsAuthenticated;
            }));
            Assert.All(handshakes, Assert.True);
            Assert.Equal(200, (await Host.SendAsync(HttpMethod.Get, "/api/health", null)).Status);
        }
        finally
        {
            idle.ForEach(t => t.Dispose());
        }
    }

    private async Task<SslStream> OpenTlsAsync()
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, Host.Port);
        var tls = new SslStream(tcp.GetStream(), false, (_, server, _, _) =>
            server is not null && server.GetCertHashString() == TestPki.Instance.Server.GetCertHashString());
        await tls.AuthenticateAsClientAsync("localhost");
        return tls;
    }

    /// <summary>Sends a request line, then one header byte a second until the server hangs up; answers how long that took.</summary>
    private static async Task<TimeSpan> DripAsync(SslStream stream, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using (stream)
        {
            try
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: "), cancellationToken);
                while (!cancellationToken.IsCancellationRequested)
                {
                    await Task.Delay(1000, cancellationToken);
                    await stream.WriteAsync("a"u8.ToArray(), cancellationToken);
                    await stream.FlushAsync(cancellationToken);
                }
            }
            catch (IOException)
            {
                // The server closed the connection: that is the point.
            }
        }

        return clock.Elapsed;
    }

    public sealed class Fixture : SharedHostFixture;
}
