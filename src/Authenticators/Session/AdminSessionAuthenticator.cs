using CompatHost.Sdk.Handlers;
using CompatHost.Sdk.Identity;

namespace CompatHost.Authenticators.Session;

/// <summary>
/// The admin session from <c>AuthenticationAdmin.login</c> (a <c>JSESSIONID</c> cookie), checked
/// as Carbon checks it: inside the authenticator that handles the request. In the product that is
/// BasicAccessAuthenticator, which handles any request without an <c>Authorization</c> header or
/// with a Basic one and first looks for a live session (carbon-kernel
/// <c>AbstractAuthenticator.isAuthenticated</c>, <c>BasicAccessAuthenticator.canHandle</c>). So a
/// live session decides here, and an unknown or expired one is not this handler's to fail: the
/// request goes on to Basic, whose credentials then decide (soap-auth.md: Session fallback).
/// </summary>
// The admin chain's first fixed fallback, after every authenticator: the session cookie (soap-auth.md).
[HandlerDefaults(Switchable = false, AdminFallbackOrder = 1)]
public sealed class AdminSessionAuthenticator(IAdminSessions sessions, IUserDirectory users) : IAuthenticationHandler, IAsyncCanHandle
{
    public string Id => "admin_session_authenticator";

    public string Name => "AdminSession";

    public int DefaultPriority => 0;

    public HandlerChains Chains => HandlerChains.SoapAdmin;

    /// <summary>The request carries a session cookie and no credential of another scheme.</summary>
    public bool CanHandle(AuthenticationRequest request, HandlerConfiguration configuration) =>
        (request.Header("Authorization") is not { } authorization || authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        && SessionId(request) is not null;

    // A lookup rather than a header test: whether the session is alive is what decides who
    // handles the request (Carbon's isAuthenticated runs before its credential check), so a
    // stale cookie beside Basic credentials falls through to Basic.
    public async ValueTask<bool> CanHandleAsync(AuthenticationRequest request, HandlerConfiguration configuration, CancellationToken cancellationToken) =>
        CanHandle(request, configuration) && await sessions.FindAsync(SessionId(request)!, cancellationToken) is not null;

    public async ValueTask<HandlerResult> AuthenticateAsync(
        AuthenticationRequest request, HandlerConfiguration configuration, CancellationToken cancellationToken)
    {
        if (SessionId(request) is not { } id || await sessions.FindAsync(id, cancellationToken) is not { } user)
        {
            return HandlerResult.Failure("admin session ended while the request was decided");
        }

        return await users.FindAsync(user, cancellationToken) is { Locked: false } account
            ? HandlerResult.Success(account.UserName)
            : HandlerResult.Failure($"session user '{user}' no longer exists or is locked");
    }

    /// <summary>The <c>JSESSIONID</c> cookie's value, if the request carries one.</summary>
    public static string? SessionId(AuthenticationRequest request)
    {
        foreach (var part in (request.Header("Cookie") ?? "").Split(';'))
        {
            var pair = part.Trim();
            if (pair.StartsWith(IAdminSessions.CookieName + "=", StringComparison.Ordinal) && pair.Length > IAdminSessions.CookieName.Length + 1)
            {
                return pair[(IAdminSessions.CookieName.Length + 1)..].Trim('"');
            }
        }

        return null;
    }
}
