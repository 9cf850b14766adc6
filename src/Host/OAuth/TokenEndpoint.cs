using CompatHost.Host.Chain;
using CompatHost.Host.Configuration;
using CompatHost.Sdk.Identity;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.OAuth;

/// <summary>
/// <c>POST /oauth2/token</c>: <c>password</c>, <c>client_credentials</c> and <c>refresh_token</c>
/// grants (RFC 6749). Tokens are random, stored hashed, bound to the client certificate when the
/// client authenticated by mutual TLS; a refresh rotates (the old refresh token is revoked).
/// </summary>
public static class TokenEndpoint
{
    public static async Task<IResult> PostAsync(HttpContext context, IOAuthStore store, IUserDirectory users, SettingsStore settings, TimeProvider time)
    {
        if (!context.Request.HasFormContentType)
        {
            return OAuthErrors.Error("invalid_request", "The request must be application/x-www-form-urlencoded.");
        }

        context.Response.Headers.CacheControl = "no-store";
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var state = context.GetDecision(settings);
        var client = ClientAuthenticator.Authenticate(context, form, store, state.Settings, out var problem);
        if (client is null)
        {
            state.DenialReason = problem;
            return OAuthErrors.InvalidClient(context);
        }

        var grant = form["grant_type"].ToString();
        if (grant.Length == 0)
        {
            return OAuthErrors.Error("invalid_request", "grant_type is required.");
        }

        if (grant is not ("password" or "client_credentials" or "refresh_token"))
        {
            return OAuthErrors.Error("unsupported_grant_type", $"The {grant} grant is not supported.");
        }

        if (!client.Application.GrantTypes.Contains(grant))
        {
            return OAuthErrors.Error("unauthorized_client", $"The client may not use the {grant} grant.");
        }

        var requested = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var now = time.GetUtcNow();
        switch (grant)
        {
            case "password":
                if (!QualifiedUserName.TryParse(form["username"], out var name) || form["password"].ToString() is not { Length: > 0 } password
                    || !await users.VerifyPasswordAsync(name, password, context.RequestAborted)
                    || await users.FindAsync(name, context.RequestAborted) is not { Locked: false } account)
                {
                    return OAuthErrors.Error("invalid_grant", "The resource owner credentials are not valid.");
                }

                return Issue(store, state.Settings.OAuth, client, account.UserName, InternalScopes.Grant(account, requested), now, refresh: true);

            case "client_credentials":
                // No user: internal scopes need a user's permissions, so only the application's own scopes remain.
                return Issue(store, state.Settings.OAuth, client, null, InternalScopes.Grant(null, requested), now, refresh: false);

            default: // refresh_token, the last supported grant
                var hash = TokenValues.Hash(form["refresh_token"].ToString());
                var old = await store.FindTokenAsync(hash, context.RequestAborted);
                if (old is null || old.Kind != AccessToken.Refresh || old.ClientId != client.Application.ClientId || !old.IsActive(now))
                {
                    return OAuthErrors.Error("invalid_grant", "The refresh token is not valid.");
                }

                store.RevokeToken(hash, client.Application.ClientId);
                var scopes = requested.Length == 0 ? old.Scopes : old.Scopes.Intersect(requested).ToList();
                return Issue(store, state.Settings.OAuth, client, old.User, scopes, now, refresh: true);
        }
    }

    private static IResult Issue(IOAuthStore store, OAuthSettings lifetimes, AuthenticatedClient client, QualifiedUserName? user,
        IReadOnlyList<string> scopes, DateTimeOffset now, bool refresh)
    {
        var access = TokenValues.New();
        var expires = now + lifetimes.AccessTokenLifetime;
        store.AddToken(new AccessToken(TokenValues.Hash(access), AccessToken.Access, client.Application.ClientId, user, scopes, now, expires, false, client.BoundThumbprint));
        var body = new Dictionary<string, object>
        {
            ["access_token"] = access,
            ["token_type"] = "Bearer",
            ["expires_in"] = (long)lifetimes.AccessTokenLifetime.TotalSeconds,
            ["scope"] = string.Join(' ', scopes),
        };
        if (refresh)
        {
            var refreshToken = TokenValues.New();
            store.AddToken(new AccessToken(TokenValues.Hash(refreshToken), AccessToken.Refresh, client.Application.ClientId, user, scopes, now,
                now + lifetimes.RefreshTokenLifetime, false, client.BoundThumbprint));
            body["refresh_token"] = refreshToken;
        }

        return Results.Json(body);
    }
}
