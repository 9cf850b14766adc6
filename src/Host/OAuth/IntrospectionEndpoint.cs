using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.OAuth;

/// <summary>
/// <c>POST /oauth2/introspect</c> (RFC 7662). Who may call it is the access rule's business, as in
/// the product: by default a user holding <c>.../applicationmgt/view</c> or a token with
/// <c>internal_application_mgt_view</c> (DefaultAccessRules). Unknown, revoked or expired tokens
/// answer only <c>{"active": false}</c>.
/// </summary>
public static class IntrospectionEndpoint
{
    public static async Task<IResult> PostAsync(HttpContext context, IOAuthStore store, TimeProvider time)
    {
        var (form, refusal) = await OAuthErrors.ReadFormAsync(context);
        if (form is null)
        {
            return refusal!;
        }

        var token = form["token"].ToString() is { Length: > 0 } value ? await store.FindTokenAsync(TokenValues.Hash(value), context.RequestAborted) : null;
        if (token is null || !token.IsActive(time.GetUtcNow()))
        {
            return Results.Json(new Dictionary<string, object> { ["active"] = false });
        }

        var body = new Dictionary<string, object>
        {
            ["active"] = true,
            ["scope"] = string.Join(' ', token.Scopes),
            ["client_id"] = token.ClientId,
            ["token_type"] = token.Kind == AccessToken.Access ? "Bearer" : "refresh_token",
            ["exp"] = token.Expires.ToUnixTimeSeconds(),
            ["iat"] = token.Issued.ToUnixTimeSeconds(),
            ["nbf"] = token.Issued.ToUnixTimeSeconds(),
        };
        if (token.User is { } user)
        {
            body["username"] = user.ToString();
        }

        if (token.CertificateThumbprint is { } thumbprint)
        {
            body["cnf"] = new Dictionary<string, string> { ["x5t#S256"] = Base64UrlOfHex(thumbprint) };
        }

        return Results.Json(body);
    }

    /// <summary>RFC 8705 carries the SHA-256 thumbprint base64url-encoded.</summary>
    private static string Base64UrlOfHex(string hex) =>
        Convert.ToBase64String(Convert.FromHexString(hex)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
