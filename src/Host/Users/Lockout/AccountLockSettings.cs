namespace CompatHost.Host.Users.Lockout;

/// <summary>
/// <c>[identity_mgt.account_locking]</c>, the product's account-lock governance connector
/// (identity-event-handler-account-lock, <c>AccountConstants</c>: the properties
/// <c>account.lock.handler.enable</c>, <c>account.lock.handler.On.Failure.Max.Attempts</c>,
/// <c>account.lock.handler.Time</c> in minutes and <c>account.lock.handler.login.fail.timeout.ratio</c>),
/// written in deployment.toml as <c>enable_account_locking</c>, <c>allowed_failed_attempts</c>,
/// <c>auto_unlock_after</c> and <c>auto_unlock_time_increment_ratio</c>. Off unless enabled, as in the product.
/// </summary>
public sealed record AccountLockSettings(bool Enabled, int MaxFailedAttempts, int UnlockAfterMinutes, int TimeIncrementRatio)
{
    public static readonly AccountLockSettings Default = new(false, 5, 5, 2);

    /// <summary>
    /// How long the next lock lasts. The product's <c>AccountLockHandler.handlePostAuthentication</c>
    /// multiplies the configured minutes by the ratio raised to the number of earlier lock cycles
    /// since the last good login; zero minutes is a lock only an administrator lifts (null here).
    /// </summary>
    public TimeSpan? LockDuration(int earlierLocks)
    {
        if (UnlockAfterMinutes <= 0)
        {
            return null;
        }

        // Capped so a long run of cycles cannot overflow into a negative or absurd time.
        var minutes = Math.Min(UnlockAfterMinutes * Math.Pow(TimeIncrementRatio, Math.Min(earlierLocks, 64)), TimeSpan.MaxValue.TotalMinutes / 2);
        return TimeSpan.FromMinutes(minutes);
    }
}
