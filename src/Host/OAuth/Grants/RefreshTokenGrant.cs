using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.OAuth.Grants;

/// <summary>
/// RFC 6749 §6 with rotation: the used refresh token is revoked and a new pair issued for the same
/// user, scopes narrowed to those asked for. A refresh token bound to a certificate needs that
/// certificate (RFC 8705 §3).
/// </summary>
public sealed class RefreshTokenGrant(IOAuthStore store) : IGrantHandler
{
    public string GrantType => "refresh_token";

    public async Task<IResult> HandleAsync(GrantRequest request, CancellationToken cancellationToken)
    {
        var issue = request.Issue;
        var hash = TokenValues.Hash(request.Form["refresh_token"].ToString());
        var old = await store.FindTokenAsync(hash, cancellationToken);
        if (old is null || old.Kind != AccessToken.Refresh || old.ClientId != issue.ClientId || !old.IsActive(issue.Now)
            || (old.CertificateThumbprint is { } bound && bound != issue.Binding))
        {
            return OAuthErrors.Error("invalid_grant", "The refresh token is not valid.");
        }

        await store.RevokeTokenAsync(hash, issue.ClientId, cancellationToken);
        var scopes = request.RequestedScopes.Count == 0 ? old.Scopes : old.Scopes.Intersect(request.RequestedScopes).ToList();
        return await issue.TokensAsync(old.User, scopes, refresh: true);
    }
}
