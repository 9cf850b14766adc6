using CompatHost.Host.Users;

namespace CompatHost.Tests.Users;

/// <summary>A load that overlaps a removal must not put the value it read back into the cache.</summary>
public sealed class ExpiringCacheTests
{
    private readonly ExpiringCache<string, string> _cache = new(TimeProvider.System, TimeSpan.FromMinutes(1), 100, "test");

    [Fact]
    public async Task LoadThatOverlapsARemoval_IsAnswered_ButNotCached()
    {
        var store = new TaskCompletionSource<string?>();
        var loading = _cache.GetOrLoadAsync("token", (_, _) => store.Task, CancellationToken.None);

        // The store is changed (a revocation, a secret reset) while the old value is being read.
        _cache.Remove("token");
        store.SetResult("before the change");

        Assert.Equal("before the change", await loading);
        Assert.False(_cache.TryGet("token", out _));
    }

    [Fact]
    public async Task LoadThatOverlapsAClear_IsNotCached()
    {
        var store = new TaskCompletionSource<string?>();
        var loading = _cache.GetOrLoadAsync("token", (_, _) => store.Task, CancellationToken.None);

        _cache.Clear();
        store.SetResult("before the change");

        await loading;
        Assert.False(_cache.TryGet("token", out _));
    }

    [Fact]
    public async Task LoadWithNoChangeMeanwhile_IsCached()
    {
        Assert.Equal("value", await _cache.GetOrLoadAsync("token", (_, _) => Task.FromResult<string?>("value"), CancellationToken.None));

        Assert.True(_cache.TryGet("token", out var cached));
        Assert.Equal("value", cached);
    }
}
