using CompatHost.Host.OAuth.Grants;
using CompatHost.Host.OAuth.MutualTls;
using CompatHost.Sdk.Certificates;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.OAuth;

/// <summary>
/// <c>POST /oauth2/token</c> (RFC 6749), in openiddict's order: read the form and authenticate the
/// client (<see cref="ClientAuthenticator"/>), check the grant type is known and allowed to this
/// client, then hand over to that grant's handler (<see cref="Grants"/>). Tokens are random and
/// stored hashed. An application whose token binding type is <c>certificate</c> gets tokens bound
/// to the TLS client certificate of the request (RFC 8705 §3), whatever the client authentication
/// was; other applications get bearer tokens, as the product's token binders decide.
/// </summary>
public static class TokenEndpoint
{
    public static async Task<IResult> PostAsync(HttpContext context, IOAuthStore store, GrantHandlers grants, JwksCache jwks, TimeProvider time)
    {
        context.Response.Headers.CacheControl = "no-store";
        var (form, state, authenticated, notAuthenticated) = await ClientAuthenticator.ReadAsync(context, store, jwks);
        if (authenticated is not { } client)
        {
            return notAuthenticated!;
        }

        var grantType = form["grant_type"].ToString();
        var grant = grants.Find(grantType);
        if (grantType.Length == 0 || grant is null || !client.Application.GrantTypes.Contains(grantType))
        {
            return grantType.Length == 0 ? OAuthErrors.Error("invalid_request", "grant_type is required.")
                : grant is null ? OAuthErrors.Error("unsupported_grant_type", $"The {grantType} grant is not supported.")
                : OAuthErrors.Error("unauthorized_client", $"The client may not use the {grantType} grant.");
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

        var issue = new TokenIssuer(store, state.Settings.OAuth, client.Application.ClientId, binding, time.GetUtcNow());
        var requested = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return await grant.HandleAsync(new GrantRequest(form, requested, client, issue), context.RequestAborted);
    }
}
