using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using CompatHost.Host.Configuration;

namespace CompatHost.Host.Security;

/// <summary>
/// The certificates and CRLs in force for new handshakes: the server certificate, the client
/// truststore's anchors and the configured CRLs. Immutable; a reload builds a new one.
/// </summary>
public sealed record TrustMaterial(X509Certificate2 ServerCertificate, X509Certificate2Collection Anchors, CrlSet Crls)
{
    /// <summary>
    /// Built once per load and handed to each handshake: a certificate returned from a
    /// per-handshake selector would have its context (and chain) built per handshake instead.
    /// </summary>
    public SslStreamCertificateContext ServerContext { get; } = SslStreamCertificateContext.Create(ServerCertificate, null, offline: true);

    /// <summary>Reads every file; any unreadable one is a <see cref="ConfigException"/> naming it.</summary>
    public static TrustMaterial Load(HostSettings settings) => new(
        KeystoreLoader.LoadServerCertificate(settings.Keystore),
        KeystoreLoader.LoadTrustedCertificates(settings.Truststore),
        CrlSet.Load(settings.Certificates.Revocation.CrlFiles));

    /// <summary>The files a reload depends on, to notice when one is replaced.</summary>
    public static IEnumerable<string> Files(HostSettings settings) =>
        [settings.Keystore.Path, settings.Truststore.Path, .. settings.Certificates.Revocation.CrlFiles];
}
