using CompatHost.Host.Configuration;
using CompatHost.Sdk.Identity;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.OAuth.Grants;

/// <summary>Issues one grant's tokens for one client, all with the same binding and issue time.</summary>
public sealed record TokenIssuer(IOAuthStore Store, OAuthSettings Lifetimes, string ClientId, string? Binding, DateTimeOffset Now)
{
    /// <summary>The answer is written only after the tokens are committed: an acknowledged token is durable.</summary>
    public async Task<IResult> TokensAsync(QualifiedUserName? user, IReadOnlyList<string> scopes, bool refresh)
    {
        var access = TokenValues.New();
        List<AccessToken> issued = [new(TokenValues.Hash(access), AccessToken.Access, ClientId, user, scopes, Now,
            Now + Lifetimes.AccessTokenLifetime, false, Binding)];
        var body = new Dictionary<string, object>
        {
            ["access_token"] = access,
            ["token_type"] = "Bearer",
            ["expires_in"] = (long)Lifetimes.AccessTokenLifetime.TotalSeconds,
            ["scope"] = string.Join(' ', scopes),
        };
        if (refresh)
        {
            var refreshToken = TokenValues.New();
            issued.Add(new AccessToken(TokenValues.Hash(refreshToken), AccessToken.Refresh, ClientId, user, scopes, Now,
                Now + Lifetimes.RefreshTokenLifetime, false, Binding));
            body["refresh_token"] = refreshToken;
        }

        await Store.AddTokensAsync(issued);
        return Results.Json(body);
    }
}
