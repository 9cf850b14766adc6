using CompatHost.Host.Chain;
using CompatHost.Host.Configuration;
using CompatHost.Sdk.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.OAuth;

/// <summary>
/// <c>POST /oauth2/introspect</c> (RFC 7662). The caller is a client (its own secret or
/// certificate) or a user with <c>.../applicationmgt/view</c> authenticated by the chain.
/// Unknown, revoked or expired tokens answer only <c>{"active": false}</c>.
/// </summary>
public static class IntrospectionEndpoint
{
    public const string ViewPermission = "/permission/admin/manage/identity/applicationmgt/view";

    public static async Task<IResult> PostAsync(HttpContext context, IOAuthStore store, IUserDirectory users, SettingsStore settings, TimeProvider time)
    {
        if (!context.Request.HasFormContentType)
        {
            return OAuthErrors.Error("invalid_request", "The request must be application/x-www-form-urlencoded.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var state = context.GetDecision(settings);
        if (ClientAuthenticator.Authenticate(context, form, store, state.Settings, out _) is null && !await IsPermittedUserAsync(context, users))
        {
            state.Refusal = "failure";
            return OAuthErrors.InvalidClient(context, "The caller must be a client or a user who may view applications.");
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

    private static async Task<bool> IsPermittedUserAsync(HttpContext context, IUserDirectory users)
    {
        var result = await context.AuthenticateAsync(CompatHostClaims.Scheme);
        var name = result.Principal?.FindFirst(CompatHostClaims.User)?.Value;
        return name is not null && QualifiedUserName.TryParse(name, out var user)
            && await users.FindAsync(user, context.RequestAborted) is { } account && account.HasPermission(ViewPermission);
    }

    /// <summary>RFC 8705 carries the SHA-256 thumbprint base64url-encoded.</summary>
    private static string Base64UrlOfHex(string hex) =>
        Convert.ToBase64String(Convert.FromHexString(hex)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
