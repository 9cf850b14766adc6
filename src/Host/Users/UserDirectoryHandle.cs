using CompatHost.Sdk.Identity;

namespace CompatHost.Host.Users;

/// <summary>
/// The <see cref="IUserDirectory"/> handlers are built with. Handlers (plugins included) are
/// created before config is read, and config says which store to open; the handle is attached
/// to the store once it is open, before the host serves any request.
/// </summary>
public sealed class UserDirectoryHandle : IUserDirectory
{
    private IUserDirectory? _target;

    public void Attach(IUserDirectory target) => _target = target;

    public ValueTask<UserAccount?> FindAsync(QualifiedUserName user, CancellationToken cancellationToken) =>
        Target.FindAsync(user, cancellationToken);

    public ValueTask<bool> VerifyPasswordAsync(QualifiedUserName user, string password, CancellationToken cancellationToken) =>
        Target.VerifyPasswordAsync(user, password, cancellationToken);

    private IUserDirectory Target => _target ?? throw new InvalidOperationException("The user store is not open yet.");
}
