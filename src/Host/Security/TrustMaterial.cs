using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CompatHost.Host.Configuration;
using Org.BouncyCastle.X509;

namespace CompatHost.Host.Security;

/// <summary>
/// The certificates and CRLs in force for new handshakes: the server certificate, the client
/// truststore's anchors and the configured CRLs. Immutable; a reload builds a new one.
/// </summary>
public sealed record TrustMaterial(X509Certificate2 ServerCertificate, X509Certificate2Collection Anchors, IReadOnlyList<X509Crl> Crls)
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
        settings.Certificates.Revocation.CrlFiles.SelectMany(LoadCrls).ToList());

    /// <summary>The files a reload depends on, to notice when one is replaced.</summary>
    public static IEnumerable<string> Files(HostSettings settings) =>
        [settings.Keystore.Path, settings.Truststore.Path, .. settings.Certificates.Revocation.CrlFiles];

    private static IEnumerable<X509Crl> LoadCrls(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigException([new ConfigError(path, "crl_files", null, "file not found")]);
        }

        try
        {
            var bytes = File.ReadAllBytes(path);
            var text = System.Text.Encoding.ASCII.GetString(bytes);
            var ders = text.Contains("-----BEGIN X509 CRL-----", StringComparison.Ordinal) ? PemBlocks(text) : [bytes];
            var crls = ders.Select(der => new X509CrlParser().ReadCrl(der)).ToList();
            if (crls.Count == 0 || crls.Any(c => c is null))
            {
                throw new FormatException("no CRL in the file");
            }

            return crls;
        }
        catch (Exception ex) when (ex is IOException or FormatException or ArgumentException or Org.BouncyCastle.Security.GeneralSecurityException
                                       or Org.BouncyCastle.Asn1.Asn1Exception or InvalidCastException)
        {
            throw new ConfigException([new ConfigError(path, "crl_files", null, $"not a PEM or DER CRL: {ex.Message}")]);
        }
    }

    private static List<byte[]> PemBlocks(string text)
    {
        var blocks = new List<byte[]>();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label].SequenceEqual("X509 CRL"))
            {
                blocks.Add(Convert.FromBase64String(rest[fields.Base64Data].ToString()));
            }

            rest = rest[fields.Location.End..];
        }

        return blocks;
    }
}
