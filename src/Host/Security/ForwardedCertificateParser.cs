using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CompatHost.Host.Configuration;

namespace CompatHost.Host.Security;

/// <summary>Decodes a client certificate (and the chain) a proxy put into headers, in the configured format.</summary>
public static class ForwardedCertificateParser
{
    /// <summary>The certificate and any chain; null with <paramref name="error"/> when the value does not decode.</summary>
    public static (X509Certificate2 Certificate, X509Certificate2Collection Chain)? Parse(ForwardedCertificateFormat format, string value,
        string? chainValue, out string error)
    {
        error = "";
        try
        {
            var (certificate, chain) = format switch
            {
                ForwardedCertificateFormat.PemUrlEncoded => (Uri.UnescapeDataString(value), chainValue is null ? null : Uri.UnescapeDataString(chainValue)),
                ForwardedCertificateFormat.Rfc9440 => (value, chainValue),
                ForwardedCertificateFormat.Xfcc => Xfcc(value),
                _ => (value, chainValue),
            };
            var leaf = Decode(certificate, format);
            var rest = new X509Certificate2Collection();
            foreach (var item in Items(chain, format))
            {
                rest.Add(Decode(item, format));
            }

            return (leaf, rest);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or ArgumentException)
        {
            error = $"the {format} value does not decode to a certificate: {ex.Message}";
            return null;
        }
    }

    private static X509Certificate2 Decode(string text, ForwardedCertificateFormat format)
    {
        text = text.Trim();
        if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            return X509Certificate2.CreateFromPem(text);
        }

        if (format == ForwardedCertificateFormat.Rfc9440)
        {
            // RFC 9440 §2.1: an sf-binary, base64 between colons.
            if (text.Length < 2 || text[0] != ':' || text[^1] != ':')
            {
                throw new FormatException("an RFC 9440 value is base64 between colons");
            }

            text = text[1..^1];
        }

        // The product's OAuth header is base64 DER, sometimes a PEM body without its armour.
        return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(string.Concat(text.Where(c => !char.IsWhiteSpace(c)))));
    }

    /// <summary>The chain's certificates: PEM blocks, or comma-separated items (RFC 9440's sf-list, base64 DER).</summary>
    private static IEnumerable<string> Items(string? chain, ForwardedCertificateFormat format)
    {
        if (string.IsNullOrWhiteSpace(chain))
        {
            return [];
        }

        if (chain.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            const string end = "-----END CERTIFICATE-----";
            return chain.Split(end, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(p => p.Contains("-----BEGIN", StringComparison.Ordinal))
                .Select(p => p + "\n" + end);
        }

        return chain.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>
    /// Envoy's XFCC: one element per proxy hop, comma-separated, the nearest hop last; each is
    /// <c>key=value</c> pairs separated by semicolons, values optionally quoted. The certificate
    /// the nearest proxy verified is in the last element's <c>Cert</c> (URL-encoded PEM), its
    /// chain in <c>Chain</c>.
    /// </summary>
    private static (string Certificate, string? Chain) Xfcc(string value)
    {
        var elements = SplitOutsideQuotes(value, ',');
        var pairs = SplitOutsideQuotes(elements[^1], ';')
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => Uri.UnescapeDataString(p[1].Trim().Trim('"')), StringComparer.OrdinalIgnoreCase);
        if (!pairs.TryGetValue("Cert", out var certificate))
        {
            throw new FormatException("the nearest XFCC element has no Cert");
        }

        return (certificate, pairs.GetValueOrDefault("Chain"));
    }

    private static List<string> SplitOutsideQuotes(string text, char separator)
    {
        var parts = new List<string>();
        var quoted = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '"')
            {
                quoted = !quoted;
            }
            else if (text[i] == separator && !quoted)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }
}
