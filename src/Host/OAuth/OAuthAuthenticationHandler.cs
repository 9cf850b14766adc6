using CompatHost.Sdk.Certificates;
using CompatHost.Sdk.Handlers;
using CompatHost.Sdk.Identity;

namespace CompatHost.Host.OAuth;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c> (rest-auth.md: OAuth2 bearer): the token must be
/// active and its user exist. A token bound to a client certificate (RFC 8705) only works over
/// TLS with that certificate. The token's scopes are what access control checks.
/// </summary>
[HandlerDefaults(LegacyNames = ["OAuth2AccessTokenHandler"])]
public sealed class OAuthAuthenticationHandler(TokenCache tokens, IUserDirectory users, TimeProvider time) : IAuthenticationHandler
{
    public const string HandlerName = "OAuthAuthentication";
    private const string SchemePrefix = "Bearer ";

    public string Id => "oauth_authentication_handler";

    public string Name => HandlerName;

    public int DefaultPriority => 25;

    public HandlerChains Chains => HandlerChains.Rest;

    public bool CanHandle(AuthenticationRequest request, HandlerConfiguration configuration) =>
        request.Header("Authorization") is { } value && value.StartsWith(SchemePrefix, StringComparison.OrdinalIgnoreCase);

    public async ValueTask<HandlerResult> AuthenticateAsync(
        AuthenticationRequest request, HandlerConfiguration configuration, CancellationToken cancellationToken)
    {
        var value = request.Header("Authorization")![SchemePrefix.Length..].Trim();
        if (value.Length is 0 or > 512)
        {
            return HandlerResult.Failure("malformed bearer token");
        }

        var token = await tokens.FindAsync(TokenValues.Hash(value), cancellationToken);
        if (token is null || token.Kind != AccessToken.Access || !token.IsActive(time.GetUtcNow()))
        {
            return HandlerResult.Failure("bearer token unknown, revoked or expired");
        }

        if (token.CertificateThumbprint is { } bound
            && (request.VerifiedClientCertificate is not { } certificate || CertificateFacts.Of(certificate).Sha256.Hex != bound))
        {
            return HandlerResult.Failure("certificate-bound token presented without its certificate");
        }

        if (token.User is null)
        {
            return HandlerResult.TokenSuccess(null, token.Scopes, $"client {token.ClientId} (client_credentials)");
        }

        return await users.FindAsync(token.User, cancellationToken) is { Locked: false } account
            ? HandlerResult.TokenSuccess(account.UserName, token.Scopes, null)
            : HandlerResult.Failure($"token user '{token.User}' no longer exists or is locked");
    }
}
