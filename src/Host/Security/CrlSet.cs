using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CompatHost.Host.Configuration;
using Org.BouncyCastle.X509;

namespace CompatHost.Host.Security;

/// <summary>
/// The CRLs of <c>[certificates.revocation] crl_files</c>, parsed with BouncyCastle. Its types
/// appear only in the methods that run when there are CRLs (each kept from being inlined): a
/// ReadyToRun method resolves every type it names before it first runs, so a host without CRL
/// files loaded BouncyCastle's 12 MB image at every start (1.8 MiB of it resident after the
/// bench load) while the trust material named them.
/// </summary>
public sealed class CrlSet
{
    public static readonly CrlSet Empty = new(null, 0);

    // An IReadOnlyList<X509Crl>, held as object for the reason above.
    private readonly object? _crls;

    private CrlSet(object? crls, int count)
    {
        _crls = crls;
        Count = count;
    }

    public int Count { get; }

    /// <summary>Reads every file; any unreadable one is a <see cref="ConfigException"/> naming it.</summary>
    public static CrlSet Load(IReadOnlyCollection<string> files) => files.Count == 0 ? Empty : Parse(files);

    /// <summary>What the CRLs say of <paramref name="certificate"/> (<see cref="RevocationPolicy.CrlStatus"/>); unknown when there are none.</summary>
    public RevocationStatus StatusOf(X509Certificate2 certificate, X509Certificate2 issuer, DateTime now) =>
        _crls is null ? RevocationStatus.Unknown : StatusOf(_crls, certificate, issuer, now);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static RevocationStatus StatusOf(object crls, X509Certificate2 certificate, X509Certificate2 issuer, DateTime now) =>
        RevocationPolicy.CrlStatus((IReadOnlyList<X509Crl>)crls, certificate, issuer, now);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CrlSet Parse(IEnumerable<string> files)
    {
        var crls = files.SelectMany(LoadFile).ToList();
        return new CrlSet(crls, crls.Count);
    }

    private static IEnumerable<X509Crl> LoadFile(string path)
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
