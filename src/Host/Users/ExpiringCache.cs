using System.Collections.Concurrent;

namespace CompatHost.Host.Users;

/// <summary>
/// A bounded map whose entries expire. When full it drops expired entries, then everything:
/// crude, but a cache miss only costs a store lookup, and memory stays bounded under any load.
/// Lookups are counted by <paramref name="name"/> for the hit-ratio metric.
/// </summary>
public sealed class ExpiringCache<TKey, TValue>(TimeProvider time, TimeSpan lifetime, int capacity, string name)
    where TKey : notnull
{
    private readonly Metrics.CacheLookupCount _lookups = Metrics.HostMetrics.CacheLookups(name);

    private readonly ConcurrentDictionary<TKey, (TValue Value, long Expires)> _entries = new();
    private readonly long _lifetimeTicks = (long)(lifetime.TotalSeconds * time.TimestampFrequency);

    // Counts removals. A load that read the store before a change and finished after it would
    // otherwise put the old value back (a token revoked, a secret reset while it was read) for a
    // whole lifetime; a load caches its answer only if no removal happened meanwhile.
    private long _removals;

    public int Count => _entries.Count;

    public bool TryGet(TKey key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Expires > time.GetTimestamp())
        {
            value = entry.Value;
            _lookups.Hit();
            return true;
        }

        value = default!;
        _lookups.Miss();
        return false;
    }

    /// <summary>The cached value, or the loader's (cached when not null).</summary>
    public async ValueTask<TValue?> GetOrLoadAsync(TKey key, Func<TKey, CancellationToken, Task<TValue?>> load, CancellationToken cancellationToken)
    {
        if (TryGet(key, out var cached))
        {
            return cached;
        }

        var removals = Volatile.Read(ref _removals);
        var loaded = await load(key, cancellationToken);
        if (loaded is not null && Volatile.Read(ref _removals) == removals)
        {
            Set(key, loaded);
            // A removal between the check and the set may have missed this entry: drop it again.
            if (Volatile.Read(ref _removals) != removals)
            {
                _entries.TryRemove(key, out _);
            }
        }

        return loaded;
    }

    public void Set(TKey key, TValue value)
    {
        var now = time.GetTimestamp();
        if (_entries.Count >= capacity)
        {
            Evict(now);
        }

        _entries[key] = (value, now + _lifetimeTicks);
    }

    public void Remove(TKey key)
    {
        Interlocked.Increment(ref _removals);
        _entries.TryRemove(key, out _);
    }

    public void Clear()
    {
        Interlocked.Increment(ref _removals);
        _entries.Clear();
    }

    public void RemoveWhere(Func<TValue, bool> predicate)
    {
        Interlocked.Increment(ref _removals);
        foreach (var (key, entry) in _entries)
        {
            if (predicate(entry.Value))
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private void Evict(long now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.Expires <= now)
            {
                _entries.TryRemove(key, out _);
            }
        }

        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }
    }
}
