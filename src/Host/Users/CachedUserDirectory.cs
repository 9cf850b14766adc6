using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CompatHost.Sdk.Identity;

namespace CompatHost.Host.Users;

/// <summary>
/// The directory handlers use: the store behind a bounded, short-lived cache of successful
/// password verifications, so a keep-alive Basic client does not pay PBKDF2 on every request.
/// Entries are keyed by a SHA-256 of user and password (the password itself is never held),
/// expire after <see cref="Lifetime"/>, and are dropped when the user's password or roles change.
/// </summary>
public sealed class CachedUserDirectory : IUserDirectory
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);
    public const int Capacity = 10_000;

    private readonly IUserStore _store;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (QualifiedUserName User, long Expires)> _verified = new(StringComparer.Ordinal);

    public CachedUserDirectory(IUserStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
        _store.UserChanged += Forget;
    }

    public ValueTask<UserAccount?> FindAsync(QualifiedUserName user, CancellationToken cancellationToken) =>
        _store.FindAsync(user, cancellationToken);

    public async ValueTask<bool> VerifyPasswordAsync(QualifiedUserName user, string password, CancellationToken cancellationToken)
    {
        var key = Key(user, password);
        var now = _time.GetTimestamp();
        if (_verified.TryGetValue(key, out var entry) && entry.Expires > now)
        {
            return true;
        }

        if (!await _store.VerifyPasswordAsync(user, password, cancellationToken))
        {
            return false;
        }

        if (_verified.Count >= Capacity)
        {
            Evict(now);
        }

        _verified[key] = (user, now + (long)(Lifetime.TotalSeconds * _time.TimestampFrequency));
        return true;
    }

    private void Forget(QualifiedUserName user)
    {
        foreach (var (key, entry) in _verified)
        {
            if (entry.User.Equals(user))
            {
                _verified.TryRemove(key, out _);
            }
        }
    }

    /// <summary>Drops expired entries; if still full, drops everything (cheap, and only costs re-verification).</summary>
    private void Evict(long now)
    {
        foreach (var (key, entry) in _verified)
        {
            if (entry.Expires <= now)
            {
                _verified.TryRemove(key, out _);
            }
        }

        if (_verified.Count >= Capacity)
        {
            _verified.Clear();
        }
    }

    private static string Key(QualifiedUserName user, string password)
    {
        var text = $"{user.Tenant}\n{user.Domain}\n{user.Name.ToUpperInvariant()}\n{password}";
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
