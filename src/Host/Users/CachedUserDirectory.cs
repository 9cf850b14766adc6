using System.Security.Cryptography;
using System.Text;
using CompatHost.Sdk.Identity;

namespace CompatHost.Host.Users;

/// <summary>
/// The directory handlers and authorization use: the store behind two bounded, short-lived
/// caches, so a keep-alive client pays neither PBKDF2 nor a database round trip per request.
/// Verified passwords are keyed by a SHA-256 of user and password (the password itself is never
/// held) and live <see cref="VerificationLifetime"/>; accounts live <see cref="AccountLifetime"/>.
/// A password, role or deletion change in this process drops the user's entries at once.
/// </summary>
public sealed class CachedUserDirectory : IUserDirectory
{
    public static readonly TimeSpan VerificationLifetime = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan AccountLifetime = TimeSpan.FromSeconds(10);
    public const int Capacity = 10_000;
    public static readonly TimeSpan VerificationQueueTimeout = TimeSpan.FromSeconds(10);

    private readonly IUserStore _store;
    private readonly ExpiringCache<string, QualifiedUserName> _verified;
    private readonly ExpiringCache<QualifiedUserName, UserAccount> _accounts;
    private readonly SemaphoreSlim _verifications = new(Environment.ProcessorCount);

    public CachedUserDirectory(IUserStore store, TimeProvider time)
    {
        _store = store;
        _verified = new ExpiringCache<string, QualifiedUserName>(time, VerificationLifetime, Capacity, "password_verifications");
        _accounts = new ExpiringCache<QualifiedUserName, UserAccount>(time, AccountLifetime, Capacity, "accounts");
        _store.UserChanged += Forget;
    }

    public ValueTask<UserAccount?> FindAsync(QualifiedUserName user, CancellationToken cancellationToken) =>
        _accounts.GetOrLoadAsync(user, (u, ct) => _store.FindAsync(u, ct).AsTask(), cancellationToken);

    public async ValueTask<bool> VerifyPasswordAsync(QualifiedUserName user, string password, CancellationToken cancellationToken)
    {
        var key = Key(user, password);
        if (_verified.TryGet(key, out _))
        {
            return true;
        }

        // One verification costs ~150 ms of CPU (README: Performance). At most one per core runs at
        // a time, so a flood of wrong passwords queues here instead of starving every request.
        if (!await _verifications.WaitAsync(VerificationQueueTimeout, cancellationToken))
        {
            return false;
        }

        try
        {
            if (!await _store.VerifyPasswordAsync(user, password, cancellationToken))
            {
                return false;
            }
        }
        finally
        {
            _verifications.Release();
        }

        _verified.Set(key, user);
        return true;
    }

    private void Forget(QualifiedUserName? user)
    {
        if (user is null)
        {
            _accounts.Clear();
            _verified.Clear();
            return;
        }

        _accounts.Remove(user);
        _verified.RemoveWhere(user.Equals);
    }

    private static string Key(QualifiedUserName user, string password)
    {
        var text = $"{user.Tenant}\n{user.Domain}\n{user.Name.ToUpperInvariant()}\n{password}";
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
