using CompatHost.Sdk.Identity;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.OAuth.Grants;

/// <summary>
/// RFC 6749 §4.4: the client on its own behalf; an access token and no refresh token. The
/// product's AccessTokenIssuer makes the application's owner the authorized user of grants that
/// have no user of their own (identity-oauth: <c>isOfTypeApplicationUser</c> false), so the scope
/// validators grant internal scopes by the owner's permissions. No owner on record, or no longer a
/// usable account: no internal scope.
/// </summary>
public sealed class ClientCredentialsGrant(IUserDirectory users) : IGrantHandler
{
    public string GrantType => "client_credentials";

    public async Task<IResult> HandleAsync(GrantRequest request, CancellationToken cancellationToken)
    {
        var owner = request.Client.Application.Owner is { } o ? await users.FindAsync(o, cancellationToken) : null;
        var actingFor = owner is { Locked: false } ? owner : null;
        return await request.Issue.TokensAsync(actingFor?.UserName, InternalScopes.Grant(actingFor, request.RequestedScopes), refresh: false);
    }
}
