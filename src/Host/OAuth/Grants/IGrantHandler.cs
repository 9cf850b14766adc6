using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.OAuth.Grants;

/// <summary>
/// One OAuth grant type at <c>/oauth2/token</c> (openiddict's handler per grant). The endpoint has
/// already authenticated the client and checked that it may use this grant; a handler validates
/// its own parameters and issues, or answers the grant's error. A new grant type is one class and
/// one registration line (<see cref="GrantRegistration"/>).
/// </summary>
public interface IGrantHandler
{
    /// <summary>The <c>grant_type</c> value this handler answers.</summary>
    string GrantType { get; }

    Task<IResult> HandleAsync(GrantRequest request, CancellationToken cancellationToken);
}

/// <summary>A token request whose client is authenticated: its form, the scopes it asks for, and the issuer for its tokens.</summary>
public sealed record GrantRequest(IFormCollection Form, IReadOnlyList<string> RequestedScopes, AuthenticatedClient Client, TokenIssuer Issue);
