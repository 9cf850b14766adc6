using CompatHost.Host.OAuth.MutualTls;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.OAuth;

/// <summary>The JWKS cache over real HTTPS: a good answer serves until it expires, failures are never kept.</summary>
public sealed class JwksCacheTests
{
    [Fact]
    public async Task CachedKeySet_KeepsServingWhileTheEndpointIsBroken_UntilItExpires()
    {
        await using var server = await JwksServer.StartAsync();
        var clock = new ManualClock();
        using var cache = new JwksCache([TestPki.Instance.ClientCa], clock, TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(15));
        var uri = server.Url("/switch");

        Assert.NotNull((await cache.GetAsync(uri, CancellationToken.None)).Keys);
        server.SwitchBroken = true;
        clock.Advance(TimeSpan.FromMinutes(14));
        var cached = await cache.GetAsync(uri, CancellationToken.None);
        Assert.NotNull(cached.Keys);
        Assert.Equal(1, server.SwitchHits);

        clock.Advance(TimeSpan.FromMinutes(2));
        var expired = await cache.GetAsync(uri, CancellationToken.None);
        Assert.Null(expired.Keys);
        Assert.Contains("answered 503", expired.Problem, StringComparison.Ordinal);
        Assert.Equal(2, server.SwitchHits);
    }

    [Fact]
    public async Task Failure_IsNotCached()
    {
        await using var server = await JwksServer.StartAsync();
        using var cache = new JwksCache([TestPki.Instance.ClientCa], new ManualClock());
        var uri = server.Url("/switch");
        server.SwitchBroken = true;

        Assert.Null((await cache.GetAsync(uri, CancellationToken.None)).Keys);
        server.SwitchBroken = false;

        Assert.NotNull((await cache.GetAsync(uri, CancellationToken.None)).Keys);
        Assert.Equal(2, server.SwitchHits);
    }
}
