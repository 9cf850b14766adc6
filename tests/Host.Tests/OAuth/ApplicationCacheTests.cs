using CompatHost.Host.OAuth;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.OAuth;

/// <summary>
/// Applications and their secret hashes are answered from memory (SqlOAuthStore, as the product's
/// AppInfoCache): a change made on this node is honoured by the very next call, never after the
/// cache's lifetime.
/// </summary>
public sealed class ApplicationCacheTests : StoreTests
{
    [Fact]
    public async Task SecretReset_RefusesTheCachedOldSecret_AtOnce()
    {
        var (clientId, secret) = await RegisterAsync();
        Assert.True(await Core.OAuth.VerifySecretAsync(clientId, secret));

        var fresh = await Core.OAuth.ResetSecretAsync(clientId, CancellationToken.None);

        Assert.False(await Core.OAuth.VerifySecretAsync(clientId, secret));
        Assert.True(await Core.OAuth.VerifySecretAsync(clientId, fresh));
    }

    [Fact]
    public async Task DeletedApplication_IsGone_AtOnce()
    {
        var (clientId, secret) = await RegisterAsync();
        Assert.NotNull(await Core.OAuth.FindApplicationAsync(clientId));

        Assert.True(await Core.OAuth.DeleteApplicationAsync(clientId));

        Assert.Null(await Core.OAuth.FindApplicationAsync(clientId));
        Assert.False(await Core.OAuth.VerifySecretAsync(clientId, secret));
    }

    [Fact]
    public async Task UpdatedApplication_IsReadAsUpdated_AtOnce()
    {
        var (clientId, _) = await RegisterAsync();
        Assert.Equal(["client_credentials"], (await Core.OAuth.FindApplicationAsync(clientId))!.GrantTypes);

        await Core.OAuth.UpdateApplicationAsync(clientId, "renamed-" + clientId, ["password"], null, CancellationToken.None);

        var updated = await Core.OAuth.FindApplicationAsync(clientId);
        Assert.Equal("renamed-" + clientId, updated!.Name);
        Assert.Equal(["password"], updated.GrantTypes);
    }

    private async Task<(string ClientId, string Secret)> RegisterAsync()
    {
        var (application, secret) = await Core.OAuth.AddApplicationAsync(new ApplicationRegistration(
            "cached-" + Guid.NewGuid().ToString("N"), Sdk.Identity.QualifiedUserName.SuperTenant, ["client_credentials"], null, null, null, null, null, null));
        return (application.ClientId, secret);
    }
}
