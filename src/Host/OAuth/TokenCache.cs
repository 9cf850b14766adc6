using CompatHost.Host.Storage;
using CompatHost.Host.Users;

namespace CompatHost.Host.OAuth;

/// <summary>
/// Token validation's first stop: a bounded in-memory map of recently seen tokens by hash
/// (60 s, and never past a token's own expiry since activity is checked on every read). A
/// revocation here or on another node removes the entry (StoreChanges); a miss reads the store.
/// </summary>
public sealed class TokenCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);
    public const int Capacity = 50_000;

    private readonly IOAuthStore _store;
    private readonly ExpiringCache<string, AccessToken> _tokens;

    public TokenCache(IOAuthStore store, StoreChanges changes, TimeProvider time)
    {
        _store = store;
        _tokens = new ExpiringCache<string, AccessToken>(time, Lifetime, Capacity, "access_tokens");
        changes.Received += key =>
        {
            if (key == StoreChanges.Everything)
            {
                _tokens.Clear();
            }
            else if (TokenChangeKey.HashOf(key) is { } hash)
            {
                _tokens.Remove(hash);
            }
        };
    }

    public ValueTask<AccessToken?> FindAsync(string hash, CancellationToken cancellationToken) =>
        _tokens.GetOrLoadAsync(hash, _store.FindTokenAsync, cancellationToken);
}
