namespace CompatHost.Sdk.Identity;

/// <summary>
/// Contract 1.4 (moved from the session authenticator's folder): admin sessions started by
/// <c>AuthenticationAdmin.login</c> or by a success marked <see cref="Handlers.HandlerResult.StartsAdminSession"/>,
/// named by the <see cref="CookieName"/> cookie. The host owns the store; handlers read it.
/// </summary>
public interface IAdminSessions
{
    /// <summary>Carbon's servlet session cookie, which the product's admin clients already send back.</summary>
    const string CookieName = "JSESSIONID";

    /// <summary>Starts a session for the user; returns its id (the cookie value).</summary>
    Task<string> StartAsync(QualifiedUserName user, CancellationToken cancellationToken);

    /// <summary>The session's user while the session is alive (each use extends it), else null.</summary>
    Task<QualifiedUserName?> FindAsync(string id, CancellationToken cancellationToken);

    Task EndAsync(string id, CancellationToken cancellationToken);
}
