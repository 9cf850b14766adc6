using System.Security.Cryptography.X509Certificates;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Reliability;

/// <summary>
/// The keystore or truststore deleted or overwritten with junk while the host runs: the last
/// good material stays in force (handshakes keep presenting the same server certificate and
/// trusting the same clients), and a good file put back later is picked up again.
/// </summary>
public sealed class TrustMaterialFaultTests
{
    /// <summary>Four polls of the watcher plus slack for a loaded machine.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    private static readonly X509Certificate2 PartnerCa = TestPki.SelfSignedCa("CN=Fault Partner CA, O=CompatHost Tests");

    private static readonly X509Certificate2 Partner =
        TestPki.Issue(PartnerCa, "CN=partner, O=Partner", server: false, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7));

    public static TheoryData<string> Faults => ["deleted", "truncated", "junk"];

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Truststore_BrokenAtRuntime_KeepsTheLastGood_AndAGoodFileIsPickedUpAgain(string fault)
    {
        using var home = Home();
        var truststore = Path.Combine(home.Home.SecurityDir, "truststore.pem");
        await using var host = await RunningHost.StartAsync(home, RunningHost.SeedMatrixUsers);
        Assert.Equal(401, (await host.GetAsync("/scim2/Me", Partner)).Status);

        Break(truststore, fault);
        await Task.Delay(Settle);

        Assert.Equal(200, (await host.GetAsync("/scim2/Me", TestPki.Instance.Client("alice"))).Status);
        Assert.Equal(200, (await host.GetAsync("/api/health")).Status);

        File.WriteAllText(truststore, TestPki.Instance.ClientCa.ExportCertificatePem() + "\n" + PartnerCa.ExportCertificatePem());
        Assert.True(await EventuallyAsync(async () => (await host.GetAsync("/scim2/Me", Partner)).Status == 200), "a good truststore was not picked up after the broken one");
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Keystore_BrokenAtRuntime_KeepsServingTheLastGoodCertificate(string fault)
    {
        using var home = Home();
        var keystore = Path.Combine(home.Home.SecurityDir, "server.p12");
        var good = File.ReadAllBytes(keystore);
        await using var host = await RunningHost.StartAsync(home, RunningHost.SeedMatrixUsers);

        Break(keystore, fault);
        await Task.Delay(Settle);

        // Each call is a new TLS handshake; HostClient accepts only the test server certificate.
        Assert.Equal(200, (await host.GetAsync("/api/health")).Status);
        Assert.Equal(200, (await host.GetAsync("/scim2/Me", TestPki.Instance.Client("alice"))).Status);

        // Put back (a new write time), the good file is read again and served as before.
        File.WriteAllBytes(keystore, good);
        await Task.Delay(Settle);
        Assert.Equal(200, (await host.GetAsync("/api/health")).Status);
    }

    private static void Break(string file, string fault)
    {
        switch (fault)
        {
            case "deleted":
                File.Delete(file);
                break;
            case "truncated":
                var bytes = File.ReadAllBytes(file);
                File.WriteAllBytes(file, bytes[..(bytes.Length / 3)]);
                break;
            default:
                File.WriteAllBytes(file, System.Text.Encoding.ASCII.GetBytes("not a certificate store\n"));
                break;
        }
    }

    private static TestHome Home()
    {
        var home = new TestHome();
        home.WriteToml(TestToml.AnyCertificateFromTheCaActsAs("alice") + TestToml.SystemMapping(PartnerCa.Subject, "alice"));
        return home;
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var clock = System.Diagnostics.Stopwatch.StartNew(); clock.Elapsed < Settle * 2; await Task.Delay(100))
        {
            if (await condition())
            {
                return true;
            }
        }

        return false;
    }
}
