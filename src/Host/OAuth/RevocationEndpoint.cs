using CompatHost.Host.OAuth.MutualTls;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.OAuth;

/// <summary>
/// <c>POST /oauth2/revoke</c> (RFC 7009): the client authenticates; any well-formed request
/// answers 200, whether or not the token existed, so nobody learns which tokens are live.
/// A client can only revoke its own tokens.
/// </summary>
public static class RevocationEndpoint
{
    public static async Task<IResult> PostAsync(HttpContext context, IOAuthStore store, JwksCache jwks)
    {
        var (form, _, authenticated, refusal) = await ClientAuthenticator.ReadAsync(context, store, jwks);
        if (authenticated is not { } client)
        {
            return refusal!;
        }

        if (form["token"].ToString() is not { Length: > 0 } token)
        {
            return OAuthErrors.Error("invalid_request", "token is required.");
        }

        await store.RevokeTokenAsync(TokenValues.Hash(token), client.Application.ClientId, context.RequestAborted);
        return Results.Ok();
    }
}
