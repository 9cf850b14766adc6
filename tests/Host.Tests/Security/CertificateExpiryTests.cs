using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CompatHost.Host.Security;

namespace CompatHost.Tests.Security;

public sealed class CertificateExpiryTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void Summary_ListsEveryCertificatesExpiry_AndWarnsThirtyDaysAhead()
    {
        var server = Cert("CN=localhost", Now.AddDays(10));
        var anchor = Cert("CN=Long Lived CA", Now.AddDays(365));
        var trust = new TrustMaterial(server, [anchor], CrlSet.Empty);

        var lines = CertificateExpiry.Describe(trust, Now).ToList();

        Assert.Equal(2, lines.Count);
        Assert.StartsWith("server certificate CN=localhost expires ", lines[0]);
        Assert.Contains("WARNING: expires in 9 day(s)", lines[0]);
        Assert.StartsWith("truststore anchor CN=Long Lived CA expires ", lines[1]);
        Assert.DoesNotContain("WARNING", lines[1]);
        Assert.Equal([lines[0]], CertificateExpiry.Warnings(trust, Now));
    }

    [Fact]
    public void ExpiredAnchor_IsMarked()
    {
        var trust = new TrustMaterial(Cert("CN=localhost", Now.AddDays(100)), [Cert("CN=Old CA", Now.AddDays(-1))], CrlSet.Empty);

        Assert.EndsWith("EXPIRED", Assert.Single(CertificateExpiry.Warnings(trust, Now)));
    }

    [Fact]
    public void ThirtyOneDaysLeft_IsNoWarningYet()
    {
        var trust = new TrustMaterial(Cert("CN=localhost", Now.AddDays(31)), [], CrlSet.Empty);

        Assert.Empty(CertificateExpiry.Warnings(trust, Now));
    }

    private static X509Certificate2 Cert(string subject, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create();
        return new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSelfSigned(Now.AddDays(-400), notAfter);
    }
}
