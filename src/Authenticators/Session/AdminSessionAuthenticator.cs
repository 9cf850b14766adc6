using CompatHost.Sdk.Handlers;
using CompatHost.Sdk.Identity;

namespace CompatHost.Authenticators.Session;

/// <summary>
/// The admin chain's first fallback (soap-auth.md): a <c>JSESSIONID</c> cookie from
/// <c>AuthenticationAdmin.login</c>. The user must still exist.
/// </summary>
public sealed class AdminSessionAuthenticator(IAdminSessions sessions, IUserDirectory users) : IAuthenticationHandler
{
    public const string CookieName = "JSESSIONID";

    public string Id => "admin_session_authenticator";

    public string Name => "AdminSession";

    public int DefaultPriority => 0;

    public HandlerChains Chains => HandlerChains.SoapAdmin;

    public bool CanHandle(AuthenticationRequest request, HandlerConfiguration configuration) => SessionId(request) is not null;

    public async ValueTask<HandlerResult> AuthenticateAsync(
        AuthenticationRequest request, HandlerConfiguration configuration, CancellationToken cancellationToken)
    {
        if (sessions.Find(SessionId(request)!) is not { } user)
        {
            return HandlerResult.Failure("admin session unknown or expired");
        }

        return await users.FindAsync(user, cancellationToken) is { Locked: false } account
            ? HandlerResult.Success(account.UserName)
            : HandlerResult.Failure($"session user '{user}' no longer exists or is locked");
    }

    private static string? SessionId(AuthenticationRequest request)
    {
        foreach (var part in (request.Header("Cookie") ?? "").Split(';'))
        {
            var pair = part.Trim();
            if (pair.StartsWith(CookieName + "=", StringComparison.Ordinal) && pair.Length > CookieName.Length + 1)
            {
                return pair[(CookieName.Length + 1)..].Trim('"');
            }
        }

        return null;
    }
}
