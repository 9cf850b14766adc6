using CompatHost.Authenticators.Session;
using CompatHost.Sdk.Identity;

namespace CompatHost.Host.Soap;

/// <summary>
/// The <see cref="IAdminSessions"/> the session authenticator is built with, before config says
/// which database holds the sessions; attached to <see cref="SqlAdminSessions"/> once it is open.
/// </summary>
public sealed class AdminSessionsHandle : IAdminSessions
{
    private IAdminSessions? _target;

    public void Attach(IAdminSessions target) => _target = target;

    public string Start(QualifiedUserName user) => Target.Start(user);

    public QualifiedUserName? Find(string id) => Target.Find(id);

    public void End(string id) => Target.End(id);

    private IAdminSessions Target => _target ?? throw new InvalidOperationException("The session store is not open yet.");
}
