using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CompatHost.Host.Security;

/// <summary>Makes the development CA and the certificates it issues on a home's first start.</summary>
public static class CertificateFactory
{
    public static X509Certificate2 CreateAuthority(string subject, TimeSpan lifetime)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        return request.CreateSelfSigned(now, now.Add(lifetime));
    }

    /// <summary>A leaf for a TLS server (with DNS/IP names) or a TLS client (no names).</summary>
    public static X509Certificate2 Issue(X509Certificate2 authority, string subject, TimeSpan lifetime, bool server, params string[] names)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (names.Length > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in names)
            {
                if (System.Net.IPAddress.TryParse(name, out var ip))
                {
                    san.AddIpAddress(ip);
                }
                else
                {
                    san.AddDnsName(name);
                }
            }

            request.CertificateExtensions.Add(san.Build());
        }

        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = now.Add(lifetime) < authority.NotAfter ? now.Add(lifetime) : new DateTimeOffset(authority.NotAfter.ToUniversalTime());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(authority, now, notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }

    public static void WritePem(X509Certificate2 certificate, string certPath, string? keyPath = null)
    {
        File.WriteAllText(certPath, certificate.ExportCertificatePem() + "\n");
        if (keyPath is not null)
        {
            var key = certificate.GetRSAPrivateKey() ?? throw new InvalidOperationException("certificate has no RSA private key");
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
    }
}
