using System.Reflection;
using CompatHost.Host.Users;
using CompatHost.Sdk.Identity;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Users;

/// <summary>
/// A password verification reads the stored hash and then spends ~150 ms in PBKDF2. A password
/// change committed in between must not leave the old password cached as good.
/// </summary>
public sealed class PasswordCacheRaceTests : StoreTests
{
    [Fact]
    public async Task PasswordChangedDuringAVerification_TheOldPasswordIsNotCached()
    {
        var (pat, store, directory, verifying) = await HeldCheckAsync("patpw-old");
        // The change commits (and is announced) after the old hash was read, before the answer is cached.
        await Core.Store.SetPasswordAsync(pat, "patpw-new");
        store.Gate.Answer.SetResult();

        Assert.Equal(PasswordOutcome.Valid, await verifying);
        Assert.Equal(PasswordOutcome.Invalid, await directory.CheckPasswordAsync(pat, "patpw-old", CancellationToken.None));
        Assert.Equal(PasswordOutcome.Valid, await directory.CheckPasswordAsync(pat, "patpw-new", CancellationToken.None));
    }

    [Fact]
    public async Task ChangeToAnotherUser_DuringAVerification_LeavesItCached()
    {
        var (pat, store, directory, verifying) = await HeldCheckAsync("patpw");
        await Core.Store.AddUserAsync(QualifiedUserName.Parse("someone-else"), "otherpw", [], new Dictionary<string, string>());
        store.Gate.Answer.SetResult();
        Assert.Equal(PasswordOutcome.Valid, await verifying);

        // Cached: the next check does not reach the store (which would count a second check).
        Assert.Equal(PasswordOutcome.Valid, await directory.CheckPasswordAsync(pat, "patpw", CancellationToken.None));
        Assert.Equal(1, store.Gate.Checks);
    }

    /// <summary>A user "pat" with <paramref name="password"/>, and a check of that password held after the store read the hash.</summary>
    private async Task<(QualifiedUserName User, GatedStore Store, CachedUserDirectory Directory, Task<PasswordOutcome> Verifying)> HeldCheckAsync(string password)
    {
        var pat = QualifiedUserName.Parse("pat");
        await Core.Store.AddUserAsync(pat, password, [], new Dictionary<string, string>());
        var store = GatedStore.Over(Core.Store);
        var directory = new CachedUserDirectory((IUserStore)(object)store, TimeProvider.System);
        var verifying = directory.CheckPasswordAsync(pat, password, CancellationToken.None).AsTask();
        await store.Gate.Read.Task;
        return (pat, store, directory, verifying);
    }

    /// <summary>The real store, except that its first password check waits, after reading, until the test lets it answer.</summary>
    public class GatedStore : DispatchProxy
    {
        private IUserStore _inner = null!;

        public Gates Gate { get; } = new();

        public static GatedStore Over(IUserStore inner)
        {
            var proxy = Create<IUserStore, GatedStore>();
            var gated = (GatedStore)(object)proxy;
            gated._inner = inner;
            return gated;
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            try
            {
                var result = method!.Invoke(_inner, args);
                return method.Name == nameof(IUserStore.CheckPasswordAsync) ? HeldAsync((ValueTask<PasswordCheck>)result!) : result;
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                throw ex.InnerException;
            }
        }

        private async ValueTask<PasswordCheck> HeldAsync(ValueTask<PasswordCheck> checking)
        {
            var check = await checking;
            if (Interlocked.Increment(ref Gate.Checks) == 1)
            {
                Gate.Read.SetResult();
                await Gate.Answer.Task;
            }

            return check;
        }

        public sealed class Gates
        {
            public int Checks;
            public readonly TaskCompletionSource Read = new(TaskCreationOptions.RunContinuationsAsynchronously);
            public readonly TaskCompletionSource Answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
