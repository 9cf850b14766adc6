using System.Security.Cryptography;

namespace CompatHost.Host.Users;

/// <summary>
/// Salted PBKDF2-HMAC-SHA256 at OWASP's 2023 work factor (600,000 iterations). The stored form
/// names its parameters (<c>pbkdf2-sha256$iterations$salt$hash</c>) so the factor can rise later
/// without breaking stored passwords.
/// </summary>
public static class PasswordHasher
{
    public const int Iterations = 600_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const string Scheme = "pbkdf2-sha256";

    // Verified against when the user does not exist, so both answers take the same time.
    private static readonly Lazy<string> DummyHash = new(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))));

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <remarks>
    /// PBKDF2 keys HMAC with the password, and HMAC pads a short key with zero bytes, so
    /// "pw" and "pw\0" derive the same hash. Stored passwords never hold NUL (the store refuses
    /// them), so a candidate with one is wrong; it still costs a full derivation, like any other.
    /// </remarks>
    public static bool Verify(string password, string? stored)
    {
        var hasNul = password.Contains('\0');
        var parts = (hasNul ? DummyHash.Value : stored ?? DummyHash.Value).Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], out var iterations) || iterations < 1)
        {
            return false;
        }

        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected) && stored is not null && !hasNul;
    }
}
