using System.Security.Cryptography;
using System.Text;

namespace CompatHost.Host.OAuth;

/// <summary>
/// Opaque token and secret values: 256 random bits, base64url. Stored only as SHA-256: they are
/// high-entropy, so a fast hash is enough (no dictionary to slow down, unlike passwords).
/// </summary>
public static class TokenValues
{
    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    public static bool Matches(string value, string hash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(value)), Encoding.ASCII.GetBytes(hash));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
