using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace CompatHost.Host.OAuth.MutualTls;

/// <summary>
/// What mutual-TLS client authentication needs from an application's JWKS (RFC 7517 §4.7, §4.9):
/// each key's <c>x5t#S256</c> (base64url SHA-256 of the certificate's DER) and its <c>x5c</c>
/// certificate (the first of the chain is the key's own).
/// </summary>
public sealed record JsonWebKeySet(IReadOnlyList<JsonWebKeySet.Key> Keys)
{
    public sealed record Key(string? X5tS256, X509Certificate2? Certificate);

    /// <summary>Parses a JWKS document; null with the reason when it is not one.</summary>
    public static JsonWebKeySet? Parse(ReadOnlySpan<byte> json, out string problem)
    {
        problem = "";
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            {
                problem = "the document has no \"keys\" array";
                return null;
            }

            var list = new List<Key>();
            foreach (var key in keys.EnumerateArray().Where(k => k.ValueKind == JsonValueKind.Object))
            {
                var x5t = key.TryGetProperty("x5t#S256", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                var x5c = key.TryGetProperty("x5c", out var c) && c.ValueKind == JsonValueKind.Array && c.GetArrayLength() > 0
                    && c[0].ValueKind == JsonValueKind.String
                    ? X509CertificateLoader.LoadCertificate(Convert.FromBase64String(c[0].GetString()!))
                    : null;
                list.Add(new Key(x5t, x5c));
            }

            return new JsonWebKeySet(list);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or CryptographicException)
        {
            problem = "the document is not a valid JWKS: " + ex.Message;
            return null;
        }
    }

    /// <summary>RFC 7515 §4.1.8: the <c>x5t#S256</c> form of a certificate's SHA-256 thumbprint.</summary>
    public static string X5tS256(X509Certificate2 certificate) =>
        Convert.ToBase64String(certificate.GetCertHash(HashAlgorithmName.SHA256)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
