using CompatHost.Host.Storage;
using CompatHost.Host.Users;
using CompatHost.Sdk.Identity;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Reliability;

/// <summary>
/// The soak's finding, pinned: when a good verification is not (or no longer) cached, sixteen
/// concurrent requests with the same right password cost one PBKDF2, not sixteen queued ones
/// that could outlast the queue timeout and be refused. Wrong passwords are never shared, so each
/// still counts toward lockout.
/// </summary>
public sealed class VerificationHerdTests : IAsyncLifetime
{
    private static readonly QualifiedUserName Alice = QualifiedUserName.Parse("alice");

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "compathost-tests", Guid.NewGuid().ToString("N"));
    private readonly SqlUserStore _store;
    private readonly CachedUserDirectory _directory;

    public VerificationHerdTests()
    {
        Directory.CreateDirectory(_dir);
        _store = new SqlUserStore(new SqliteStoreDatabase(Path.Combine(_dir, "identity.db")), new ManualClock());
        _directory = new CachedUserDirectory(_store, new ManualClock());
    }

    public async Task InitializeAsync()
    {
        await _store.InitializeAsync(CancellationToken.None);
        await _store.AddUserAsync(Alice, "alicepw", [], new Dictionary<string, string>(), CancellationToken.None);
    }

    [Fact]
    public async Task SixteenConcurrentChecksOfOneRightPassword_ComputeOneHash()
    {
        var before = _store.PasswordHashesComputed;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            Task.Run(async () => await _directory.CheckPasswordAsync(Alice, "alicepw", default))));

        Assert.All(outcomes, o => Assert.Equal(PasswordOutcome.Valid, o));
        Assert.Equal(1, _store.PasswordHashesComputed - before);
    }

    [Fact]
    public async Task ConcurrentChecksOfOneWrongPassword_AreEachComputed()
    {
        var before = _store.PasswordHashesComputed;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(async () => await _directory.CheckPasswordAsync(Alice, "wrong", default))));

        Assert.All(outcomes, o => Assert.NotEqual(PasswordOutcome.Valid, o));
        Assert.Equal(4, _store.PasswordHashesComputed - before);
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_dir, true);
        }
        catch (IOException)
        {
            // SQLite's pool may still hold the file; the temp folder is cleaned by the OS.
        }

        return Task.CompletedTask;
    }
}
