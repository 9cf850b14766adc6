using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Transport;

/// <summary>
/// The truststore, CRL files and server keystore are watched: a valid change serves new
/// handshakes within 2 s without a restart; a broken file keeps the last good material.
/// </summary>
public sealed class TrustReloadTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);

    private static readonly X509Certificate2 NewCa = TestPki.SelfSignedCa("CN=Partner CA, O=CompatHost Tests");

    private static readonly X509Certificate2 PartnerLeaf =
        TestPki.Issue(NewCa, "CN=partner, O=Partner", server: false, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7));

    [Fact]
    public async Task CaAddedToTheTruststore_IsAcceptedWithinTwoSeconds_AndRefusedOnceRemoved()
    {
        using var home = Home();
        await using var host = await RunningHost.StartAsync(home, RunningHost.SeedMatrixUsers);
        Assert.Equal(401, (await host.GetAsync("/scim2/Me", PartnerLeaf)).Status);

        WriteTruststore(home, TestPki.Instance.ClientCa, NewCa);
        Assert.True(await WithinBoundAsync(async () => (await host.GetAsync("/scim2/Me", PartnerLeaf)).Status == 200), "added CA not accepted in time");

        WriteTruststore(home, TestPki.Instance.ClientCa);
        Assert.True(await WithinBoundAsync(async () => (await host.GetAsync("/scim2/Me", PartnerLeaf)).Status == 401), "removed CA still accepted");
        Assert.Equal(200, (await host.GetAsync("/scim2/Me", TestPki.Instance.Client("alice"))).Status);
    }

    [Fact]
    public async Task BrokenTruststore_KeepsTheLastGood()
    {
        using var home = Home();
        WriteTruststore(home, TestPki.Instance.ClientCa, NewCa);
        await using var host = await RunningHost.StartAsync(home, RunningHost.SeedMatrixUsers);

        File.WriteAllText(Path.Combine(home.Home.SecurityDir, "truststore.pem"), "-----BEGIN CERTIFICATE-----\nbroken\n");
        await Task.Delay(Bound);

        Assert.Equal(200, (await host.GetAsync("/scim2/Me", PartnerLeaf)).Status);
        Assert.Equal(200, (await host.GetAsync("/scim2/Me", TestPki.Instance.Client("alice"))).Status);
    }

    [Fact]
    public async Task UpdatedCrl_RevokesWithinTwoSeconds()
    {
        var ca = TestPki.Instance.ClientCa;
        var alice = TestPki.Instance.Client("alice");
        using var home = Home("""
            [client_certificate_revocation]
            mode = "crl"
            crl_files = ["client-ca.crl"]
            """);
        var crl = Path.Combine(home.Home.SecurityDir, "client-ca.crl");
        File.WriteAllText(crl, RevocationTests.PemCrl(ca));
        await using var host = await RunningHost.StartAsync(home, RunningHost.SeedMatrixUsers);
        Assert.Equal(200, (await host.GetAsync("/scim2/Me", alice)).Status);

        File.WriteAllText(crl, RevocationTests.PemCrl(ca, alice));

        Assert.True(await WithinBoundAsync(async () => (await host.GetAsync("/scim2/Me", alice)).Status == 401), "revocation not picked up in time");
    }

    [Fact]
    public async Task ReplacedServerKeystore_ServesNewHandshakes()
    {
        using var home = Home();
        await using var host = await RunningHost.StartAsync(home, RunningHost.SeedMatrixUsers);
        Assert.Equal(TestPki.Instance.Server.Thumbprint, await ServerThumbprintAsync(host.Port));
        var renewed = TestPki.Issue(TestPki.Instance.ServerCa, "CN=localhost", server: true, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(90));

        var keystore = new X509Certificate2Collection { renewed, TestPki.Instance.ServerCa };
        File.WriteAllBytes(Path.Combine(home.Home.SecurityDir, "server.p12"), keystore.Export(X509ContentType.Pkcs12, TestHome.StorePassword)!);

        Assert.True(await WithinBoundAsync(async () => await ServerThumbprintAsync(host.Port) == renewed.Thumbprint), "renewed server certificate not served");
    }

    /// <summary>The default test home with everything its client CA issues acting as alice.</summary>
    private static TestHome Home(string extra = "")
    {
        var home = new TestHome();
        home.WriteToml(extra + "\n" + TestToml.AnyCertificateFromTheCaActsAs("alice") + TestToml.SystemMapping(NewCa.Subject, "alice"));
        return home;
    }

    private static void WriteTruststore(TestHome home, params X509Certificate2[] anchors)
    {
        // As operators replace a file: write aside, then rename over it.
        var path = Path.Combine(home.Home.SecurityDir, "truststore.pem");
        File.WriteAllText(path + ".new", string.Join("\n", anchors.Select(a => a.ExportCertificatePem())));
        File.Move(path + ".new", path, overwrite: true);
    }

    private static async Task<bool> WithinBoundAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Bound)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    private static async Task<string?> ServerThumbprintAsync(int port)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        string? seen = null;
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                seen = (certificate as X509Certificate2)?.Thumbprint ?? certificate?.GetCertHashString();
                return true;
            },
        });
        return seen;
    }
}
