using System.Data.Common;
using CompatHost.Host.Storage;
using CompatHost.Host.Users.Lockout;
using CompatHost.Sdk.Identity;

namespace CompatHost.Host.Users;

/// <summary>
/// Account lockout state in the store, so every node counts the same failures and honours the
/// same lock. The rules are the product's <c>AccountLockHandler</c>
/// (identity-event-handler-account-lock): see <see cref="AccountLockout"/>.
/// </summary>
public sealed partial class SqlUserStore
{
    private const string LockColumns = "password_hash, locked, unlock_time, failed_attempts, lockout_count";
    private long _passwordHashes;

    /// <summary>PBKDF2 verifications this store has run (a lock refuses without one).</summary>
    public long PasswordHashesComputed => Interlocked.Read(ref _passwordHashes);

    public async ValueTask<PasswordCheck> CheckPasswordAsync(QualifiedUserName user, string password, CancellationToken cancellationToken)
    {
        LockRow? row;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            row = await ReadLockAsync(connection, user, cancellationToken);
        }

        // A lock still in force refuses before any PBKDF2, as the product's pre-authentication
        // step refuses before the user store is asked, so a flood against a locked account costs
        // one indexed read per try.
        if (row is not null && row.IsLocked(_time.GetUtcNow()))
        {
            return new PasswordCheck(PasswordOutcome.Locked, true);
        }

        Interlocked.Increment(ref _passwordHashes);
        var valid = await PasswordHasher.VerifyAsync(password, row?.Hash, cancellationToken);
        return new PasswordCheck(
            valid ? PasswordOutcome.Valid : row is null ? PasswordOutcome.NoSuchUser : PasswordOutcome.Invalid,
            row is { FailedAttempts: > 0 } or { Locked: true });
    }

    /// <summary>
    /// Counts a failed password for an existing user and locks the account once the count reaches
    /// the maximum. Compare-and-set on the counters, retried, so concurrent failures on any node
    /// are each counted once. Returns true when this failure locked the account.
    /// </summary>
    public async ValueTask<bool> RecordFailedPasswordAsync(QualifiedUserName user, AccountLockSettings settings, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var row = await ReadLockAsync(connection, user, cancellationToken);
            var now = _time.GetUtcNow();
            if (row is null || row.IsLocked(now))
            {
                return false;
            }

            var next = AccountLockout.AfterFailure(row.FailedAttempts, row.LockoutCount, settings, now);
            await using var command = Sql.Command(connection,
                $"UPDATE users SET failed_attempts = @fa, lockout_count = @lc, locked = @locked, unlock_time = @until WHERE {ByName} AND failed_attempts = @oldFa AND lockout_count = @oldLc AND locked = @oldLocked AND unlock_time = @oldUntil",
                [("@fa", next.FailedAttempts), ("@lc", next.LockoutCount), ("@locked", next.Locked ? 1 : 0), ("@until", next.UnlockTime),
                 ("@oldFa", row.FailedAttempts), ("@oldLc", row.LockoutCount), ("@oldLocked", row.Locked ? 1 : 0), ("@oldUntil", row.UnlockTime),
                 .. Key(user)]);
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                if (next.Locked)
                {
                    await ChangedAsync(connection, [user], cancellationToken);
                }

                return next.Locked;
            }
        }

        // Lost the race fifty times: someone else is counting this user's failures right now.
        return false;
    }

    /// <summary>
    /// A good password after failures or after a lock ran out clears the whole state, as the
    /// product's post-authentication step does on success.
    /// </summary>
    public async ValueTask ResetLockoutAsync(QualifiedUserName user, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await ClearLockAsync(connection, user, cancellationToken);
    }

    /// <summary>The operator's unlock: clears the lock and the counters whatever their state.</summary>
    public async Task UnlockAsync(QualifiedUserName user, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await UserIdAsync(connection, user, cancellationToken) is null)
        {
            throw new UserStoreException($"User {user} does not exist.");
        }

        await ClearLockAsync(connection, user, cancellationToken);
    }

    private async ValueTask ClearLockAsync(DbConnection connection, QualifiedUserName user, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection,
            $"UPDATE users SET failed_attempts = 0, lockout_count = 0, locked = 0, unlock_time = 0 WHERE {ByName}", Key(user));
        await command.ExecuteNonQueryAsync(cancellationToken);
        await ChangedAsync(connection, [user], cancellationToken);
    }

    private static async Task<LockRow?> ReadLockAsync(DbConnection connection, QualifiedUserName user, CancellationToken cancellationToken)
    {
        var rows = await Sql.RowsAsync(connection, $"SELECT {LockColumns} FROM users WHERE {ByName}",
            r => new LockRow(r.GetString(0), Convert.ToInt64(r.GetValue(1)) != 0, Convert.ToInt64(r.GetValue(2)),
                (int)Convert.ToInt64(r.GetValue(3)), (int)Convert.ToInt64(r.GetValue(4))),
            cancellationToken, Key(user));
        return rows is [var row] ? row : null;
    }

    private sealed record LockRow(string Hash, bool Locked, long UnlockTime, int FailedAttempts, int LockoutCount)
    {
        public bool IsLocked(DateTimeOffset now) => AccountLockout.IsLocked(Locked, UnlockTime, now);
    }
}

public enum PasswordOutcome
{
    Valid,
    Invalid,
    NoSuchUser,
    Locked,
}

/// <summary>A password check and whether the user carries failure or lock state a good login must clear.</summary>
public readonly record struct PasswordCheck(PasswordOutcome Outcome, bool HasLockState);
