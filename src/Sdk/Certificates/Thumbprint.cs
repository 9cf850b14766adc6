using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CompatHost.Sdk.Certificates;

/// <summary>
/// A certificate fingerprint normalised to lower-case hex with no separators, so that
/// <c>78:9B:...</c> (openssl's form), <c>789b...</c> and a value wrapped over lines compare equal.
/// </summary>
public readonly record struct Thumbprint(string Hex)
{
    public static Thumbprint Sha256(X509Certificate2 certificate) =>
        new(certificate.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant());

    public static Thumbprint Sha1(X509Certificate2 certificate) =>
        new(certificate.GetCertHashString(HashAlgorithmName.SHA1).ToLowerInvariant());

    /// <summary>Accepts hex with or without colons and with whitespace or line breaks anywhere.</summary>
    public static bool TryParse(string? text, out Thumbprint thumbprint)
    {
        thumbprint = default;
        if (text is null)
        {
            return false;
        }

        var hex = new string(text.Where(c => c != ':' && !char.IsWhiteSpace(c)).ToArray()).ToLowerInvariant();
        if (hex.Length is not (40 or 64) || !hex.All(char.IsAsciiHexDigitLower))
        {
            return false;
        }

        thumbprint = new Thumbprint(hex);
        return true;
    }

    /// <summary>openssl's form: upper-case hex pairs joined by colons.</summary>
    public string ToColonForm()
    {
        var hex = Hex;
        return string.Join(':', Enumerable.Range(0, hex.Length / 2).Select(i => hex.Substring(i * 2, 2))).ToUpperInvariant();
    }

    public override string ToString() => ToColonForm();
}
