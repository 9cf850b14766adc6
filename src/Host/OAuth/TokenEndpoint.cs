using CompatHost.Host.Chain;
using CompatHost.Host.Configuration;
using CompatHost.Host.OAuth.MutualTls;
using CompatHost.Sdk.Certificates;
using CompatHost.Sdk.Identity;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.OAuth;

/// <summary>
/// <c>POST /oauth2/token</c>: <c>password</c>, <c>client_credentials</c> and <c>refresh_token</c>
/// grants (RFC 6749). Tokens are random and stored hashed; a refresh rotates (the old refresh token
/// is revoked). An application whose token binding type is <c>certificate</c> gets tokens bound to
/// the TLS client certificate of the request (RFC 8705 §3), whatever the client authentication was;
/// other applications get bearer tokens, as the product's token binders decide.
/// </summary>
public static class TokenEndpoint
{
    public static async Task<IResult> PostAsync(HttpContext context, IOAuthStore store, IUserDirectory users,
        JwksCache jwks, TimeProvider time)
    {
        context.Response.Headers.CacheControl = "no-store";
        var (form, state, authenticated, notAuthenticated) = await ClientAuthenticator.ReadAsync(context, store, jwks);
        if (authenticated is not { } client)
        {
            return notAuthenticated!;
        }

        var grant = form["grant_type"].ToString();
        if (GrantRefusal(grant, client.Application) is { } refusal)
        {
            return refusal;
        }

        string? binding = null;
        if (client.Application.TokenBinding == TokenBindingType.Certificate)
        {
            // The product's certificate binder has no binding value without a certificate and issues nothing.
            if (context.Connection.ClientCertificate is not { } certificate)
            {
                state.Deny("certificate token binding without a client certificate");
                return OAuthErrors.Error("invalid_request", "This application's tokens are bound to a client certificate; present one over TLS.");
            }

            binding = CertificateFacts.Of(certificate).Sha256.Hex;
        }

        var issue = new Issuer(store, state.Settings.OAuth, client.Application.ClientId, binding, time.GetUtcNow());
        var requested = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return grant switch
        {
            "password" => await PasswordAsync(form, users, issue, requested, context.RequestAborted),
            "client_credentials" => await ClientCredentialsAsync(client.Application, users, issue, requested, context.RequestAborted),
            _ => await RefreshAsync(form, store, issue, requested, context.RequestAborted),
        };
    }

    private static IResult? GrantRefusal(string grant, OAuthApplication application) =>
        grant.Length == 0 ? OAuthErrors.Error("invalid_request", "grant_type is required.")
        : grant is not ("password" or "client_credentials" or "refresh_token") ? OAuthErrors.Error("unsupported_grant_type", $"The {grant} grant is not supported.")
        : !application.GrantTypes.Contains(grant) ? OAuthErrors.Error("unauthorized_client", $"The client may not use the {grant} grant.")
        : null;

    private static async Task<IResult> PasswordAsync(IFormCollection form, IUserDirectory users, Issuer issue, string[] requested,
        CancellationToken cancellationToken)
    {
        if (!QualifiedUserName.TryParse(form["username"], out var name) || form["password"].ToString() is not { Length: > 0 } password
            || !await users.VerifyPasswordAsync(name, password, cancellationToken)
            || await users.FindAsync(name, cancellationToken) is not { Locked: false } account)
        {
            return OAuthErrors.Error("invalid_grant", "The resource owner credentials are not valid.");
        }

        return await issue.TokensAsync(account.UserName, InternalScopes.Grant(account, requested), refresh: true);
    }

    /// <summary>
    /// The product's AccessTokenIssuer makes the application's owner the authorized user of grants
    /// that have no user of their own (identity-oauth: <c>isOfTypeApplicationUser</c> false), so the
    /// scope validators grant internal scopes by the owner's permissions. No owner on record, or no
    /// longer a usable account: no internal scope.
    /// </summary>
    private static async Task<IResult> ClientCredentialsAsync(OAuthApplication application, IUserDirectory users, Issuer issue,
        string[] requested, CancellationToken cancellationToken)
    {
        var owner = application.Owner is { } o ? await users.FindAsync(o, cancellationToken) : null;
        var actingFor = owner is { Locked: false } ? owner : null;
        return await issue.TokensAsync(actingFor?.UserName, InternalScopes.Grant(actingFor, requested), refresh: false);
    }

    /// <summary>Rotation: the used refresh token is revoked. A bound one needs the certificate it was bound to.</summary>
    private static async Task<IResult> RefreshAsync(IFormCollection form, IOAuthStore store, Issuer issue, string[] requested,
        CancellationToken cancellationToken)
    {
        var hash = TokenValues.Hash(form["refresh_token"].ToString());
        var old = await store.FindTokenAsync(hash, cancellationToken);
        if (old is null || old.Kind != AccessToken.Refresh || old.ClientId != issue.ClientId || !old.IsActive(issue.Now)
            || (old.CertificateThumbprint is { } bound && bound != issue.Binding))
        {
            return OAuthErrors.Error("invalid_grant", "The refresh token is not valid.");
        }

        await store.RevokeTokenAsync(hash, issue.ClientId, cancellationToken);
        var scopes = requested.Length == 0 ? old.Scopes : old.Scopes.Intersect(requested).ToList();
        return await issue.TokensAsync(old.User, scopes, refresh: true);
    }

    /// <summary>Issues one grant's tokens for one client, all with the same binding and issue time.</summary>
    private sealed record Issuer(IOAuthStore Store, OAuthSettings Lifetimes, string ClientId, string? Binding, DateTimeOffset Now)
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
}
