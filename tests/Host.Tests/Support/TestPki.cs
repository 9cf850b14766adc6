using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CompatHost.Tests.Support;

/// <summary>
/// Certificates for tests, made fresh per run: a client CA with the advisory's DN, client
/// certificates issued by it, an untrusted CA issuing a look-alike, and a server certificate.
/// </summary>
public sealed class TestPki
{
    /// <summary>The advisory's issuer as it prints it (openssl dn_rev order).</summary>
    public const string AdvisoryDn = "C=AU, ST=Northern, L=Colombo, O=WSO2, OU=IAM, CN=RootCA, emailAddress=ca@wso2.com";
    public const string AdvisoryDnReversed = "emailAddress=ca@wso2.com, CN=RootCA, OU=IAM, O=WSO2, L=Colombo, ST=Northern, C=AU";
    public const string AdvisoryDnAliases = "C=AU, S=Northern, L=Colombo, O=WSO2, OU=IAM, CN=RootCA, E=ca@wso2.com";
    public const string OtherDn = "C=LK, O=Elsewhere, CN=OtherCA";

    private static readonly Lazy<TestPki> Shared = new(() => new TestPki());

    private readonly Dictionary<string, X509Certificate2> _clients = new(StringComparer.Ordinal);

    private TestPki()
    {
        ClientCa = CreateCa(AdvisoryName());
        ServerCa = CreateCa(new X500DistinguishedName("CN=Test Server CA, O=CompatHost Tests"));
        UntrustedCa = CreateCa(new X500DistinguishedName("CN=Untrusted CA, O=Mallory"));
        Server = Issue(ServerCa, "CN=localhost", server: true, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        foreach (var name in new[] { "alice", "bob", "admin" })
        {
            _clients[name] = Issue(ClientCa, $"CN={name}, O=WSO2", server: false, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        }

        _clients["mallory"] = Issue(UntrustedCa, "CN=admin, O=WSO2", server: false, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        _clients["expired"] = Issue(ClientCa, "CN=alice, O=WSO2", server: false, DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1));
        _clients["notyet"] = Issue(ClientCa, "CN=alice, O=WSO2", server: false, DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow.AddDays(30));
    }

    public static TestPki Instance => Shared.Value;

    public X509Certificate2 ClientCa { get; }

    public X509Certificate2 ServerCa { get; }

    public X509Certificate2 UntrustedCa { get; }

    public X509Certificate2 Server { get; }

    /// <summary><c>alice</c>, <c>bob</c>, <c>admin</c> (test CA), <c>mallory</c> (untrusted CA, CN=admin), <c>expired</c>, <c>notyet</c>.</summary>
    public X509Certificate2 Client(string name) => _clients[name];

    public static string Fingerprint(X509Certificate2 certificate) =>
        string.Join(':', certificate.GetCertHash(HashAlgorithmName.SHA256).Select(b => b.ToString("X2")));

    /// <param name="ocspUrl">When given, the responder named in the certificate's Authority Information Access.</param>
    public static X509Certificate2 Issue(X509Certificate2 ca, string subject, bool server, DateTimeOffset notBefore, DateTimeOffset notAfter,
        string? ocspUrl = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName("localhost");
            san.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
        }

        if (ocspUrl is not null)
        {
            request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension([ocspUrl], null));
        }

        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] = (byte)((serial[0] & 0x7f) | 0x10); // positive and minimal, so openssl prints it as .NET does
        using var issued = request.Create(ca, notBefore, notAfter, serial);
        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
        var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12, "t"), "t", X509KeyStorageFlags.Exportable);
    }

    /// <summary>A CA certificate (path length 0) issued by <paramref name="ca"/>, with its key.</summary>
    public static X509Certificate2 IssueIntermediate(X509Certificate2 ca, string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), RandomNumberGenerator.GetBytes(12));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>A self-signed CA with any name and its key: a forger's root, or one a test adds to the truststore.</summary>
    public static X509Certificate2 SelfSignedCa(string subject) => CreateCa(new X500DistinguishedName(subject));

    private static X500DistinguishedName AdvisoryName()
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCountryOrRegion("AU");
        builder.AddStateOrProvinceName("Northern");
        builder.AddLocalityName("Colombo");
        builder.AddOrganizationName("WSO2");
        builder.AddOrganizationalUnitName("IAM");
        builder.AddCommonName("RootCA");
        builder.AddEmailAddress("ca@wso2.com");
        return builder.Build();
    }

    private static X509Certificate2 CreateCa(X500DistinguishedName name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        // CertificateRevocationListBuilder names the CRL's issuer key by this identifier.
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow.AddYears(1));
    }
}
