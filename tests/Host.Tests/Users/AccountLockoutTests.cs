using CompatHost.Host.Storage;
using CompatHost.Host.Users;
using CompatHost.Host.Users.Lockout;
using CompatHost.Sdk.Identity;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Users;

/// <summary>
/// Lockout as the product's AccountLockHandler does it, on the real SQLite store with a clock the
/// test moves: N failures lock for the configured minutes, each later lock lasts ratio times
/// longer, a good login clears the count, a cached verification never opens a locked account.
/// </summary>
public sealed class AccountLockoutTests : IAsyncLifetime
{
    private static readonly QualifiedUserName Alice = QualifiedUserName.Parse("alice");
    private static readonly QualifiedUserName Bob = QualifiedUserName.Parse("bob");

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "compathost-tests", Guid.NewGuid().ToString("N"));
    private readonly ManualClock _clock = new();
    private readonly SqlUserStore _store;

    public AccountLockoutTests()
    {
        System.IO.Directory.CreateDirectory(_dir);
        _store = new SqlUserStore(new SqliteStoreDatabase(Path.Combine(_dir, "identity.db")), _clock);
    }

    public async Task InitializeAsync()
    {
        await _store.InitializeAsync(CancellationToken.None);
        await _store.AddUserAsync(Alice, "alicepw", [], new Dictionary<string, string>(), CancellationToken.None);
        await _store.AddUserAsync(Bob, "bobpw", [], new Dictionary<string, string>(), CancellationToken.None);
    }

    [Fact]
    public async Task ThreeFailures_LockForFiveMinutes_ThenTheRightPasswordWorksAgain()
    {
        var directory = Directory(new AccountLockSettings(true, 3, 5, 2));
        Assert.Equal(PasswordOutcome.Invalid, await directory.CheckPasswordAsync(Alice, "x", default));
        Assert.Equal(PasswordOutcome.Invalid, await directory.CheckPasswordAsync(Alice, "x", default));
        Assert.Equal(PasswordOutcome.Locked, await directory.CheckPasswordAsync(Alice, "x", default));
        Assert.Equal(PasswordOutcome.Locked, await directory.CheckPasswordAsync(Alice, "alicepw", default));

        _clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Equal(PasswordOutcome.Locked, await directory.CheckPasswordAsync(Alice, "alicepw", default));
        _clock.Advance(TimeSpan.FromSeconds(12));
        Assert.Equal(PasswordOutcome.Valid, await directory.CheckPasswordAsync(Alice, "alicepw", default));
        Assert.False((await _store.FindAsync(Alice, default))!.Locked);
    }

    [Fact]
    public async Task ALockAfterAnExpiredLock_LastsRatioTimesLonger()
    {
        var directory = Directory(new AccountLockSettings(true, 2, 5, 3));
        await FailAsync(directory, Alice, 2);
        _clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(11));

        // No good login in between: the product counts a second lock cycle, 5 × 3¹ = 15 minutes.
        await FailAsync(directory, Alice, 2);
        _clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(PasswordOutcome.Locked, await directory.CheckPasswordAsync(Alice, "alicepw", default));
        _clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(11));
        Assert.Equal(PasswordOutcome.Valid, await directory.CheckPasswordAsync(Alice, "alicepw", default));

        // The good login cleared the cycles: the next lock is 5 minutes again.
        await FailAsync(directory, Alice, 2);
        _clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(11));
        Assert.Equal(PasswordOutcome.Valid, await directory.CheckPasswordAsync(Alice, "alicepw", default));
    }

    [Fact]
    public async Task AGoodLogin_ResetsTheFailureCount()
    {
        var directory = Directory(new AccountLockSettings(true, 3, 5, 2));
        await FailAsync(directory, Alice, 2);
        Assert.Equal(PasswordOutcome.Valid, await directory.CheckPasswordAsync(Alice, "alicepw", default));
        await FailAsync(directory, Alice, 2);
        Assert.Equal(PasswordOutcome.Valid, await directory.CheckPasswordAsync(Alice, "alicepw", default));
    }

    [Fact]
    public async Task ACachedVerification_DoesNotOpenALockedAccount()
    {
        var directory = Directory(new AccountLockSettings(true, 3, 5, 2));
        Assert.Equal(PasswordOutcome.Valid, await directory.CheckPasswordAsync(Alice, "alicepw", default));
        var hashes = _store.PasswordHashesComputed;
        Assert.Equal(PasswordOutcome.Valid, await directory.CheckPasswordAsync(Alice, "alicepw", default));
        Assert.Equal(hashes, _store.PasswordHashesComputed);

        await FailAsync(directory, Alice, 3);
        Assert.Equal(PasswordOutcome.Locked, await directory.CheckPasswordAsync(Alice, "alicepw", default));
        Assert.False(await directory.VerifyPasswordAsync(Alice, "alicepw", default));
    }

    [Fact]
    public async Task OtherUsers_AreUnaffected_AndUnknownUsersAreNotCounted()
    {
        var directory = Directory(new AccountLockSettings(true, 2, 5, 2));
        await FailAsync(directory, Alice, 2);
        await FailAsync(directory, QualifiedUserName.Parse("nobody"), 5);
        Assert.Equal(PasswordOutcome.Valid, await directory.CheckPasswordAsync(Bob, "bobpw", default));
        Assert.Equal(PasswordOutcome.Locked, await directory.CheckPasswordAsync(Alice, "alicepw", default));
    }

    [Fact]
    public async Task Disabled_AsTheProductShipsIt_NeverLocks()
    {
        var directory = Directory(AccountLockSettings.Default);
        await FailAsync(directory, Alice, 20);
        Assert.Equal(PasswordOutcome.Valid, await directory.CheckPasswordAsync(Alice, "alicepw", default));
    }

    [Fact]
    public async Task ZeroMinutes_LocksUntilTheOperatorUnlocks()
    {
        var directory = Directory(new AccountLockSettings(true, 1, 0, 2));
        await FailAsync(directory, Alice, 1);
        _clock.Advance(TimeSpan.FromDays(365));
        Assert.Equal(PasswordOutcome.Locked, await directory.CheckPasswordAsync(Alice, "alicepw", default));
        await _store.UnlockAsync(Alice, CancellationToken.None);
        Assert.Equal(PasswordOutcome.Valid, await directory.CheckPasswordAsync(Alice, "alicepw", default));
    }

    [Fact]
    public async Task AFloodOfSixteenConcurrentWrongPasswords_LocksAfterN_AndComputesFewHashes()
    {
        var directory = Directory(new AccountLockSettings(true, 3, 5, 2));
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(async () => await directory.CheckPasswordAsync(Alice, $"wrong{i}", default))));

        // The third failure locks; a try already hashing on another core when it did still
        // finishes (refused as wrong), every later one is refused without PBKDF2.
        var extra = Environment.ProcessorCount - 1;
        Assert.InRange(outcomes.Count(o => o == PasswordOutcome.Invalid), 2, 2 + extra);
        Assert.Equal(16, outcomes.Count(o => o is PasswordOutcome.Invalid or PasswordOutcome.Locked));
        Assert.InRange(_store.PasswordHashesComputed, 3, 3 + extra);
        Assert.Equal(PasswordOutcome.Locked, await directory.CheckPasswordAsync(Alice, "alicepw", default));
    }

    [Theory]
    [InlineData(5, 2, 0, 5)]
    [InlineData(5, 2, 1, 10)]
    [InlineData(5, 2, 3, 40)]
    [InlineData(15, 1, 4, 15)]
    public void LockDuration_IsMinutesTimesRatioToThePowerOfEarlierLocks(int minutes, int ratio, int earlier, int expected) =>
        Assert.Equal(TimeSpan.FromMinutes(expected), new AccountLockSettings(true, 3, minutes, ratio).LockDuration(earlier));

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(_dir, true);
        }
        catch (IOException)
        {
            // The OS cleans the temp folder.
        }

        return Task.CompletedTask;
    }

    private CachedUserDirectory Directory(AccountLockSettings settings) => new(_store, _clock, settings);

    private static async Task FailAsync(CachedUserDirectory directory, QualifiedUserName user, int times)
    {
        for (var i = 0; i < times; i++)
        {
            Assert.NotEqual(PasswordOutcome.Valid, await directory.CheckPasswordAsync(user, "wrong", default));
        }
    }
}
