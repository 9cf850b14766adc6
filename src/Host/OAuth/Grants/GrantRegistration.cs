using System.Collections.Frozen;
using Microsoft.Extensions.DependencyInjection;

namespace CompatHost.Host.OAuth.Grants;

/// <summary>The grant types the token endpoint answers, by <c>grant_type</c>; any other is <c>unsupported_grant_type</c>.</summary>
public sealed class GrantHandlers(IEnumerable<IGrantHandler> handlers)
{
    private readonly FrozenDictionary<string, IGrantHandler> _byType = handlers.ToFrozenDictionary(h => h.GrantType, StringComparer.Ordinal);

    public IGrantHandler? Find(string grantType) => _byType.GetValueOrDefault(grantType);
}

public static class GrantRegistration
{
    /// <summary>The built-in grants: password, client_credentials and refresh_token (RFC 6749).</summary>
    public static IServiceCollection AddOAuthGrants(this IServiceCollection services) => services
        .AddSingleton<IGrantHandler, PasswordGrant>()
        .AddSingleton<IGrantHandler, ClientCredentialsGrant>()
        .AddSingleton<IGrantHandler, RefreshTokenGrant>()
        .AddSingleton<GrantHandlers>();
}
