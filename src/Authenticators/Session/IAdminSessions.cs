using CompatHost.Sdk.Identity;

namespace CompatHost.Authenticators.Session;

/// <summary>
/// Admin sessions started by <c>AuthenticationAdmin.login</c> (or a successful
/// MutualSSLAuthenticator call), named by the <c>JSESSIONID</c> cookie.
/// </summary>
public interface IAdminSessions
{
    /// <summary>Starts a session for the user; returns its id (the cookie value).</summary>
    Task<string> StartAsync(QualifiedUserName user, CancellationToken cancellationToken);

    /// <summary>The session's user while the session is alive (each use extends it), else null.</summary>
    Task<QualifiedUserName?> FindAsync(string id, CancellationToken cancellationToken);

    Task EndAsync(string id, CancellationToken cancellationToken);
}
