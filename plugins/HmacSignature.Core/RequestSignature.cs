using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CompatHost.Samples.Hmac.Core;

/// <summary>
/// The signature scheme of the sample HMAC plugin, kept in its own library so the plugin has a
/// private dependency to load from its folder: <c>base64(HMAC-SHA256(secret, METHOD\npath\ndate))</c>.
/// </summary>
public static class RequestSignature
{
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    public static string Sign(string secret, string method, string path, string date)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{method.ToUpperInvariant()}\n{path}\n{date}")));
    }

    /// <summary>True when the signature matches (constant time) and the date is within <see cref="MaxSkew"/> of now.</summary>
    public static bool Verify(string secret, string method, string path, string date, string signature, DateTimeOffset now)
    {
        if (!DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt)
            || (now - signedAt).Duration() > MaxSkew)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, method, path, date));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }
}
