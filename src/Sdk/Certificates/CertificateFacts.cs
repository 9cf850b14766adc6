using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;

namespace CompatHost.Sdk.Certificates;

/// <summary>
/// A certificate's issuer, subject and thumbprints, computed once per certificate object.
/// Kestrel hands every request on a keep-alive connection the same certificate, so the cache
/// turns the per-request cost into a lookup.
/// </summary>
public sealed class CertificateFacts
{
    private static readonly ConditionalWeakTable<X509Certificate2, CertificateFacts> Cache = new();

    private CertificateFacts(X509Certificate2 certificate)
    {
        Issuer = DistinguishedName.FromX500(certificate.IssuerName);
        Subject = DistinguishedName.FromX500(certificate.SubjectName);
        Sha256 = Thumbprint.Sha256(certificate);
        Sha1 = Thumbprint.Sha1(certificate);
    }

    public DistinguishedName Issuer { get; }

    public DistinguishedName Subject { get; }

    public Thumbprint Sha256 { get; }

    public Thumbprint Sha1 { get; }

    public static CertificateFacts Of(X509Certificate2 certificate) => Cache.GetValue(certificate, c => new CertificateFacts(c));
}
