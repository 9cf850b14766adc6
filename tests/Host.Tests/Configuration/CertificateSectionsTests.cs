using System.Net;
using CompatHost.Host.Configuration;
using CompatHost.Host.Startup;
using CompatHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompatHost.Tests.Configuration;

/// <summary>[client_certificate_forwarding] and [client_certificate_revocation]: defaults closed, errors name file, key and line.</summary>
public sealed class CertificateSectionsTests
{
    private static readonly int FirstLine = TestHome.BaseToml.Count(c => c == '\n') + 1;

    [Fact]
    public void Omitted_ForwardingIsOff_AndRevocationNotChecked()
    {
        var settings = Load("");

        Assert.False(settings.Certificates.Forwarding.Enabled);
        Assert.Equal(RevocationMode.Off, settings.Certificates.Revocation.Mode);
    }

    [Fact]
    public void Sections_AreReadWithTheirDefaults()
    {
        var settings = Load("""
            [client_certificate_forwarding]
            enable = true
            trusted_proxies = ["10.0.0.0/8", "::1/128"]
            header = "Client-Cert"
            format = "rfc9440"
            chain_header = "Client-Cert-Chain"

            [client_certificate_revocation]
            mode = "ocsp_then_crl"
            crl_files = ["ca.crl"]
            """);

        var forwarding = settings.Certificates.Forwarding;
        Assert.True(forwarding.Enabled);
        Assert.True(forwarding.IsTrustedProxy(IPAddress.Parse("10.1.2.3")));
        Assert.True(forwarding.IsTrustedProxy(IPAddress.Parse("::ffff:10.1.2.3")));
        Assert.False(forwarding.IsTrustedProxy(IPAddress.Loopback));
        Assert.Equal(ForwardedCertificateFormat.Rfc9440, forwarding.Format);
        Assert.Equal(["Client-Cert", "Client-Cert-Chain"], forwarding.AllHeaders());
        var revocation = settings.Certificates.Revocation;
        Assert.Equal(RevocationMode.OcspThenCrl, revocation.Mode);
        Assert.Equal(Path.Combine(settings.Home.SecurityDir, "ca.crl"), Assert.Single(revocation.CrlFiles));
        Assert.Equal(TimeSpan.FromSeconds(2), revocation.OcspTimeout);
        Assert.False(revocation.FailOpen);
    }

    [Fact]
    public void BadValues_AreAllReported_WithKeyAndLine()
    {
        using var home = new TestHome();
        home.WriteToml("""
            [client_certificate_forwarding]
            trusted_proxies = ["localhost"]
            format = "der"
            [client_certificate_revocation]
            mode = "crl"
            ocsp_timeout_ms = 0
            """);

        var ex = Assert.Throws<ConfigException>(() => HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance));

        Assert.Contains(ex.Errors, e => e.Key == "client_certificate_forwarding.trusted_proxies" && e.Line == FirstLine + 1 && e.File == home.Home.DeploymentToml);
        Assert.Contains(ex.Errors, e => e.Key == "client_certificate_forwarding.format" && e.Line == FirstLine + 2);
        Assert.Contains(ex.Errors, e => e.Key == "client_certificate_revocation.crl_files" && e.Message.Contains("at least one CRL"));
        Assert.Contains(ex.Errors, e => e.Key == "client_certificate_revocation.ocsp_timeout_ms" && e.Line == FirstLine + 5);
    }

    [Fact]
    public void UnreadableCrl_IsAStartupError_NamingTheFile()
    {
        using var home = new TestHome();
        home.WriteToml("""
            [client_certificate_revocation]
            mode = "crl"
            crl_files = ["broken.crl"]
            """);
        File.WriteAllText(Path.Combine(home.Home.SecurityDir, "broken.crl"), "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n");
        var core = HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance);

        var ex = Assert.Throws<ConfigException>(() => CompatHost.Host.Security.TrustMaterial.Load(core.Settings));

        Assert.Contains("broken.crl", Assert.Single(ex.Errors).File);
    }

    [Fact]
    public void ProductOAuthHeader_IsReadFromIdentityXml()
    {
        using var home = new TestHome();
        var xml = Path.Combine(home.Root, "identity.xml");
        File.WriteAllText(xml, """
            <Server xmlns="http://wso2.org/projects/carbon/carbon.xml">
              <MutualTLS><ClientCertificateHeader> x-wso2-mtls-cert </ClientCertificateHeader></MutualTLS>
            </Server>
            """);
        home.WriteIdentityXml(xml);

        var core = HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance);

        Assert.Equal("x-wso2-mtls-cert", core.Settings.Certificates.Forwarding.ProductOAuthHeader);
    }

    private static HostSettings Load(string toml)
    {
        using var home = new TestHome();
        home.WriteToml(toml);
        var core = HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance);
        return core.Settings;
    }
}
