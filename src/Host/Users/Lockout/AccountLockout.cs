namespace CompatHost.Host.Users.Lockout;

/// <summary>
/// The product's lockout arithmetic (identity-event-handler-account-lock,
/// <c>AccountLockHandler.handlePreAuthentication</c> and <c>handlePostAuthentication</c>), kept
/// free of storage so it can be tested rule by rule:
/// <list type="bullet">
/// <item>a lock is in force while its unlock time is in the future, or for good when it has
/// none (a zero lock time: only an administrator unlocks);</item>
/// <item>each failed password of an existing user adds one; reaching the maximum locks the
/// account for <see cref="AccountLockSettings.LockDuration"/>, adds a lock cycle and restarts the
/// count (failures do not expire with time: the product keeps the count until a good login);</item>
/// <item>a good login after failures or after a lock ran out clears everything.</item>
/// </list>
/// </summary>
public static class AccountLockout
{
    public static bool IsLocked(bool locked, long unlockTimeMs, DateTimeOffset now) =>
        locked && (unlockTimeMs == 0 || now.ToUnixTimeMilliseconds() < unlockTimeMs);

    public static LockState AfterFailure(int failedAttempts, int lockoutCount, AccountLockSettings settings, DateTimeOffset now)
    {
        var attempts = failedAttempts + 1;
        if (attempts < settings.MaxFailedAttempts)
        {
            return new LockState(attempts, lockoutCount, false, 0);
        }

        var duration = settings.LockDuration(lockoutCount);
        var until = duration is { } d ? now.Add(d).ToUnixTimeMilliseconds() : 0;
        return new LockState(0, lockoutCount + 1, true, until);
    }
}

/// <summary>The stored counters after a failure; <see cref="UnlockTime"/> is ms since the epoch, 0 = none.</summary>
public readonly record struct LockState(int FailedAttempts, int LockoutCount, bool Locked, long UnlockTime);
