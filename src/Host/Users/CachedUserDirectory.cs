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
    private readonly Func<QualifiedUserName, CancellationToken, Task<UserAccount?>> _loadAccount;
    private readonly SemaphoreSlim _verifications = new(Environment.ProcessorCount);

    // Changes seen per user, counted in stripes by the user's hash. A verification reads the
    // password hash, then spends ~150 ms in PBKDF2: a password change committed meanwhile must not
    // let its old-password answer be cached for the verification lifetime. Striped rather than one
    // counter so a change to one user (or a flood of wrong passwords) never stops other users'
    // verifications from being cached; a shared stripe only costs one extra PBKDF2.
    private readonly long[] _userChanges = new long[64];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<PasswordOutcome>> _inFlight = new(StringComparer.Ordinal);

    /// <summary>The lockout policy in force; swapped whole when the config reloads.</summary>
    public Lockout.AccountLockSettings Lockout { get; set; }

    public CachedUserDirectory(IUserStore store, TimeProvider time, Lockout.AccountLockSettings? lockout = null)
    {
        Lockout = lockout ?? Users.Lockout.AccountLockSettings.Default;
        _store = store;
        _verified = new ExpiringCache<string, QualifiedUserName>(time, VerificationLifetime, Capacity, "password_verifications");
        _accounts = new ExpiringCache<QualifiedUserName, UserAccount>(time, AccountLifetime, Capacity, "accounts");
        _store.UserChanged += Forget;
        // Made once: a lambda over the store would be a new delegate on every lookup, and every
        // password check now asks the account cache first.
        _loadAccount = (u, ct) => _store.FindAsync(u, ct).AsTask();
    }

    public ValueTask<UserAccount?> FindAsync(QualifiedUserName user, CancellationToken cancellationToken) =>
        _accounts.GetOrLoadAsync(user, _loadAccount, cancellationToken);

    public async ValueTask<bool> VerifyPasswordAsync(QualifiedUserName user, string password, CancellationToken cancellationToken) =>
        await CheckPasswordAsync(user, password, cancellationToken) == PasswordOutcome.Valid;

    /// <summary>
    /// The one place every password (Basic, SOAP login and authenticate, the password grant) is
    /// checked, so lockout counts them all as the product's user-store events do.
    /// </summary>
    public async ValueTask<PasswordOutcome> CheckPasswordAsync(QualifiedUserName user, string password, CancellationToken cancellationToken)
    {
        // A lock outranks a cached good verification: the account (10 s cache, dropped on every
        // node when a lock is set) is asked first, so a cached password never opens a locked account.
        if (await FindAsync(user, cancellationToken) is { Locked: true })
        {
            return PasswordOutcome.Locked;
        }

        var key = Key(user, password);
        if (_verified.TryGet(key, out _))
        {
            return PasswordOutcome.Valid;
        }

        // Concurrent checks of one user and password share one PBKDF2: when a good verification
        // expires under load, every request holding it would otherwise queue its own, and past
        // the queue timeout a right password was refused (the soak's bursts, README: Reliability).
        // Only a Valid answer is shared; any other lets each caller check for itself, so every
        // wrong try still counts toward lockout. A check without side effects (explain) never
        // stands in for a login, whose success must clear the failure count.
        var flight = PasswordSideEffects.Recorded ? key : "no-side-effects\n" + key;
        var own = new TaskCompletionSource<PasswordOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var shared = _inFlight.GetOrAdd(flight, own.Task);
        if (shared != own.Task)
        {
            return await shared.WaitAsync(cancellationToken) == PasswordOutcome.Valid
                ? PasswordOutcome.Valid
                : await VerifyAsync(user, password, key, cancellationToken);
        }

        try
        {
            var outcome = await VerifyAsync(user, password, key, cancellationToken);
            own.SetResult(outcome);
            return outcome;
        }
        catch
        {
            own.SetResult(PasswordOutcome.Invalid);
            throw;
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, Task<PasswordOutcome>>(flight, own.Task));
        }
    }

    private async Task<PasswordOutcome> VerifyAsync(QualifiedUserName user, string password, string key, CancellationToken cancellationToken)
    {
        // One verification costs ~150 ms of CPU (README: Performance). At most one per core runs at
        // a time, so a flood of wrong passwords queues here instead of starving every request;
        // the store re-reads the lock after the wait, so queued tries against an account that
        // locked meanwhile cost no PBKDF2.
        if (!await _verifications.WaitAsync(VerificationQueueTimeout, cancellationToken))
        {
            return PasswordOutcome.Invalid;
        }

        var policy = Lockout;
        var changes = Volatile.Read(ref Changes(user));
        PasswordCheck check;
        try
        {
            check = await _store.CheckPasswordAsync(user, password, cancellationToken);
            if (check.Outcome == PasswordOutcome.Invalid && policy.Enabled && PasswordSideEffects.Recorded)
            {
                // Counted before the next queued try enters, so a flood computes at most the
                // allowed attempts plus what already runs on the other cores. Any failure also
                // drops the user's cached verifications, so the next good password reaches the
                // store and clears the count, as the product does on success.
                _verified.RemoveWhere(user.Equals);
                return await _store.RecordFailedPasswordAsync(user, policy, cancellationToken) ? PasswordOutcome.Locked : PasswordOutcome.Invalid;
            }
        }
        finally
        {
            _verifications.Release();
        }

        if (check.Outcome != PasswordOutcome.Valid)
        {
            return check.Outcome;
        }

        if (check.HasLockState && PasswordSideEffects.Recorded)
        {
            await _store.ResetLockoutAsync(user, cancellationToken);
        }

        if (Volatile.Read(ref Changes(user)) == changes)
        {
            _verified.Set(key, user);
            // A change that landed between the check and the set may have missed this entry.
            if (Volatile.Read(ref Changes(user)) != changes)
            {
                _verified.Remove(key);
            }
        }

        return PasswordOutcome.Valid;
    }

    private ref long Changes(QualifiedUserName user) => ref _userChanges[(user.GetHashCode() & int.MaxValue) % _userChanges.Length];

    private void Forget(QualifiedUserName? user)
    {
        if (user is null)
        {
            for (var i = 0; i < _userChanges.Length; i++)
            {
                Interlocked.Increment(ref _userChanges[i]);
            }

            _accounts.Clear();
            _verified.Clear();
            return;
        }

        Interlocked.Increment(ref Changes(user));
        _accounts.Remove(user);
        _verified.RemoveWhere(user.Equals);
    }

    /// <summary>
    /// The SHA-256 of tenant, domain, upper-cased name and password, so no password is kept in
    /// memory as a key. Built in a stack buffer: it runs on every cached Basic request.
    /// </summary>
    private static string Key(QualifiedUserName user, string password)
    {
        var length = user.Tenant.Length + user.Domain.Length + user.Name.Length + password.Length + 3;
        var chars = length <= 256 ? stackalloc char[length] : new char[length];
        user.Tenant.AsSpan().CopyTo(chars);
        var at = user.Tenant.Length;
        chars[at++] = '\n';
        user.Domain.AsSpan().CopyTo(chars[at..]);
        at += user.Domain.Length;
        chars[at++] = '\n';
        at += user.Name.AsSpan().ToUpperInvariant(chars[at..]);
        chars[at++] = '\n';
        password.AsSpan().CopyTo(chars[at..]);

        var bytes = length <= 256 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(length)] : new byte[Encoding.UTF8.GetMaxByteCount(length)];
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes[..Encoding.UTF8.GetBytes(chars, bytes)], hash);
        return Convert.ToHexString(hash);
    }
}
