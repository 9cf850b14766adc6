using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Transport;

/// <summary>
/// [client_certificate_revocation]: a revoked client certificate never reaches a handler,
/// whether a CRL or a real OCSP responder (openssl ocsp) says so; a responder that hangs costs
/// at most the timeout, and fail_open decides what unknown means.
/// </summary>
public sealed class RevocationTests
{
    private static readonly X509Certificate2 Ca = TestPki.SelfSignedCa("CN=Revocation Test CA, O=CompatHost Tests");

    [Fact]
    public async Task Crl_RevokedLeafIsRefused_OthersPass()
    {
        var good = Leaf("good", null);
        var revoked = Leaf("revoked", null);
        using var home = Home($"""
            mode = "crl"
            crl_files = ["ca.crl"]
            """);
        File.WriteAllText(Path.Combine(home.Home.SecurityDir, "ca.crl"), PemCrl(Ca, revoked));
        await using var host = await RunningHost.StartAsync(home, RunningHost.SeedMatrixUsers);

        Assert.Equal(200, (await host.GetAsync("/scim2/Me", good)).Status);
        Assert.Equal(401, (await host.GetAsync("/scim2/Me", revoked)).Status);
    }

    [Fact]
    public async Task Ocsp_RevokedLeafIsRefusedByTheResponder_GoodOnePasses_AndStaysCached()
    {
        var port = Loopback.FreePort();
        var good = Leaf("good", $"http://127.0.0.1:{port}/");
        var revoked = Leaf("revoked", $"http://127.0.0.1:{port}/");
        using var responder = await OcspResponder.StartAsync(Ca, [good], [revoked], port);
        using var home = Home("""mode = "ocsp" """);
        await using var host = await RunningHost.StartAsync(home, RunningHost.SeedMatrixUsers);

        var ok = await host.GetAsync("/scim2/Me", good);
        Assert.True(ok.Status == 200, ok.Body);
        Assert.Equal("alice", JsonDocument.Parse(ok.Body).RootElement.GetProperty("userName").GetString());
        // First contact of the revoked certificate, with a forwarding header from a client that
        // is no proxy: the header is removed, and the post-handshake check still runs.
        Assert.Equal(401, (await host.GetAsync("/scim2/Me", revoked, ("X-Client-Cert", "anything"))).Status);
        Assert.Equal(401, (await host.GetAsync("/scim2/Me", revoked)).Status);

        responder.Dispose();
        // The answers hold until nextUpdate (5 minutes): neither changes with the responder gone.
        Assert.Equal(200, (await host.GetAsync("/scim2/Me", good)).Status);
        Assert.Equal(401, (await host.GetAsync("/scim2/Me", revoked)).Status);
    }

    [Theory]
    [InlineData(false, 401)]
    [InlineData(true, 200)]
    public async Task HangingResponder_CostsAtMostTheTimeout_AndFailOpenDecides(bool failOpen, int expected)
    {
        // A listening socket nobody accepts from: the TCP handshake completes, no answer ever comes.
        using var hanging = new TcpListener(IPAddress.Loopback, 0);
        hanging.Start();
        var leaf = Leaf("good", $"http://127.0.0.1:{((IPEndPoint)hanging.LocalEndpoint).Port}/");
        using var home = Home($"""
            mode = "ocsp"
            ocsp_timeout_ms = 500
            fail_open = {(failOpen ? "true" : "false")}
            """);
        await using var host = await RunningHost.StartAsync(home, RunningHost.SeedMatrixUsers);
        await host.GetAsync("/api/health");

        var clock = Stopwatch.StartNew();
        var (status, _) = await host.GetAsync("/scim2/Me", leaf);

        Assert.Equal(expected, status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task ConcurrentFirstContacts_AskAHangingResponderOnce_AndEachCostsAtMostTheTimeout()
    {
        using var hanging = new TcpListener(IPAddress.Loopback, 0);
        hanging.Start();
        var accepted = new List<TcpClient>();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                var connection = await hanging.AcceptTcpClientAsync();
                lock (accepted)
                {
                    accepted.Add(connection);
                }
            }
        });
        var leaf = Leaf("good", $"http://127.0.0.1:{((IPEndPoint)hanging.LocalEndpoint).Port}/");
        using var home = Home("""
            mode = "ocsp"
            ocsp_timeout_ms = 1000
            """);
        await using var host = await RunningHost.StartAsync(home, RunningHost.SeedMatrixUsers);
        await host.GetAsync("/api/health");

        var clock = Stopwatch.StartNew();
        var statuses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => host.GetAsync("/scim2/Me", leaf)));

        Assert.All(statuses, s => Assert.Equal(401, s.Status));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        lock (accepted)
        {
            Assert.Single(accepted);
            accepted.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task OcspThenCrl_FallsBackToTheCrl_WhenTheResponderIsDead()
    {
        var dead = $"http://127.0.0.1:{Loopback.FreePort()}/";
        var good = Leaf("good", dead);
        var revoked = Leaf("revoked", dead);
        using var home = Home("""
            mode = "ocsp_then_crl"
            crl_files = ["ca.crl"]
            ocsp_timeout_ms = 500
            """);
        File.WriteAllBytes(Path.Combine(home.Home.SecurityDir, "ca.crl"), Crl(Ca, revoked));
        await using var host = await RunningHost.StartAsync(home, RunningHost.SeedMatrixUsers);

        Assert.Equal(200, (await host.GetAsync("/scim2/Me", good)).Status);
        Assert.Equal(401, (await host.GetAsync("/scim2/Me", revoked)).Status);
    }

    /// <summary>A DER CRL from <paramref name="issuer"/> listing <paramref name="revoked"/>, current for a day.</summary>
    public static byte[] Crl(X509Certificate2 issuer, params X509Certificate2[] revoked)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var certificate in revoked)
        {
            builder.AddEntry(certificate, DateTimeOffset.UtcNow.AddMinutes(-10), X509RevocationReason.KeyCompromise);
        }

        return builder.Build(issuer, 1, DateTimeOffset.UtcNow.AddDays(1), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    public static string PemCrl(X509Certificate2 issuer, params X509Certificate2[] revoked) => PemEncoding.WriteString("X509 CRL", Crl(issuer, revoked));

    private static X509Certificate2 Leaf(string name, string? ocspUrl) =>
        TestPki.Issue(Ca, $"CN={name}, O=WSO2", server: false, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), ocspUrl);

    /// <summary>A home whose truststore also holds the revocation test CA, every certificate of which acts as alice.</summary>
    private static TestHome Home(string revocation)
    {
        var home = new TestHome();
        File.AppendAllText(Path.Combine(home.Home.SecurityDir, "truststore.pem"), "\n" + Ca.ExportCertificatePem());
        home.WriteToml($"""
            [client_certificate_revocation]
            {revocation}

            {TestToml.AnyCertificateFrom(Ca.Subject, "alice")}
            """);
        return home;
    }
}
