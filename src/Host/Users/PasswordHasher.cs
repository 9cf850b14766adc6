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

    /// <summary>
    /// Derivations that may run at once: one per core. A derivation is ~0.2 s of CPU on a
    /// thread-pool thread; a burst of them (a flood of wrong passwords, a bulk user import) took
    /// every worker and held up requests that needed no password at all. Past this many, callers
    /// wait for their turn asynchronously, holding no thread.
    /// </summary>
    public static readonly int MaxConcurrent = Environment.ProcessorCount;

    private static readonly SemaphoreSlim Turn = new(MaxConcurrent, MaxConcurrent);

    // Verified against when the user does not exist, so both answers take the same time.
    private static readonly Lazy<string> DummyHash = new(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))));

    public static Task<string> HashAsync(string password, CancellationToken cancellationToken) =>
        InTurnAsync(() => Hash(password), cancellationToken);

    public static Task<bool> VerifyAsync(string password, string? stored, CancellationToken cancellationToken) =>
        InTurnAsync(() => Verify(password, stored), cancellationToken);

    private static async Task<T> InTurnAsync<T>(Func<T> derive, CancellationToken cancellationToken)
    {
        await Turn.WaitAsync(cancellationToken);
        Storage.BlockingWork.Enter();
        try
        {
            return derive();
        }
        finally
        {
            Storage.BlockingWork.Exit();
            Turn.Release();
        }
    }

    private static string Hash(string password)
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
    private static bool Verify(string password, string? stored)
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
