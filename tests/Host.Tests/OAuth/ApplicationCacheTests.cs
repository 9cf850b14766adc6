using CompatHost.Host.OAuth;
using CompatHost.Host.Startup;
using CompatHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompatHost.Tests.OAuth;

/// <summary>
/// Applications and their secret hashes are answered from memory (SqlOAuthStore, as the product's
/// AppInfoCache): a change made on this node is honoured by the very next call, never after the
/// cache's lifetime.
/// </summary>
public sealed class ApplicationCacheTests : IAsyncLifetime
{
    private readonly TestHome _home = new();
    private HostCore _core = null!;

    public async Task InitializeAsync() => _core = await HostCore.OpenAsync(_home.Home, NullLoggerFactory.Instance, CancellationToken.None);

    [Fact]
    public async Task SecretReset_RefusesTheCachedOldSecret_AtOnce()
    {
        var (clientId, secret) = await RegisterAsync();
        Assert.True(await _core.OAuth.VerifySecretAsync(clientId, secret));

        var fresh = await _core.OAuth.ResetSecretAsync(clientId, CancellationToken.None);

        Assert.False(await _core.OAuth.VerifySecretAsync(clientId, secret));
        Assert.True(await _core.OAuth.VerifySecretAsync(clientId, fresh));
    }

    [Fact]
    public async Task DeletedApplication_IsGone_AtOnce()
    {
        var (clientId, secret) = await RegisterAsync();
        Assert.NotNull(await _core.OAuth.FindApplicationAsync(clientId));

        Assert.True(await _core.OAuth.DeleteApplicationAsync(clientId));

        Assert.Null(await _core.OAuth.FindApplicationAsync(clientId));
        Assert.False(await _core.OAuth.VerifySecretAsync(clientId, secret));
    }

    [Fact]
    public async Task UpdatedApplication_IsReadAsUpdated_AtOnce()
    {
        var (clientId, _) = await RegisterAsync();
        Assert.Equal(["client_credentials"], (await _core.OAuth.FindApplicationAsync(clientId))!.GrantTypes);

        await _core.OAuth.UpdateApplicationAsync(clientId, "renamed-" + clientId, ["password"], null, CancellationToken.None);

        var updated = await _core.OAuth.FindApplicationAsync(clientId);
        Assert.Equal("renamed-" + clientId, updated!.Name);
        Assert.Equal(["password"], updated.GrantTypes);
    }

    private async Task<(string ClientId, string Secret)> RegisterAsync()
    {
        var (application, secret) = await _core.OAuth.AddApplicationAsync(new ApplicationRegistration(
            "cached-" + Guid.NewGuid().ToString("N"), Sdk.Identity.QualifiedUserName.SuperTenant, ["client_credentials"], null, null, null, null, null, null));
        return (application.ClientId, secret);
    }

    public Task DisposeAsync()
    {
        _home.Dispose();
        return Task.CompletedTask;
    }
}
