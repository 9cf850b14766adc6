using CompatHost.Sdk.Identity;

namespace CompatHost.Authenticators.Session;

/// <summary>
/// Admin sessions started by <c>AuthenticationAdmin.login</c> (or a successful
/// MutualSSLAuthenticator call), named by the <c>JSESSIONID</c> cookie.
/// </summary>
public interface IAdminSessions
{
    /// <summary>Starts a session for the user; returns its id (the cookie value).</summary>
    string Start(QualifiedUserName user);

    /// <summary>The session's user while the session is alive (each use extends it), else null.</summary>
    QualifiedUserName? Find(string id);

    void End(string id);
}
