using CompatHost.Sdk.Identity;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.OAuth.Grants;

/// <summary>RFC 6749 §4.3: the resource owner's user name and password; access and refresh tokens for that user.</summary>
public sealed class PasswordGrant(IUserDirectory users) : IGrantHandler
{
    public string GrantType => "password";

    public async Task<IResult> HandleAsync(GrantRequest request, CancellationToken cancellationToken)
    {
        var form = request.Form;
        if (!QualifiedUserName.TryParse(form["username"], out var name) || form["password"].ToString() is not { Length: > 0 } password
            || !await users.VerifyPasswordAsync(name, password, cancellationToken)
            || await users.FindAsync(name, cancellationToken) is not { Locked: false } account)
        {
            return OAuthErrors.Error("invalid_grant", "The resource owner credentials are not valid.");
        }

        return await request.Issue.TokensAsync(account.UserName, InternalScopes.Grant(account, request.RequestedScopes), refresh: true);
    }
}
