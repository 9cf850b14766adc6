namespace CompatHost.Sdk.Identity;

/// <summary>The user store lookups a handler may ask for. Read-only by design.</summary>
public interface IUserDirectory
{
    /// <summary>The user, or null when no such user exists.</summary>
    ValueTask<UserAccount?> FindAsync(QualifiedUserName user, CancellationToken cancellationToken);

    /// <summary>
    /// True when the user exists and the password is theirs. Takes the same time whether the
    /// user exists or not, so callers cannot tell the two apart.
    /// </summary>
    ValueTask<bool> VerifyPasswordAsync(QualifiedUserName user, string password, CancellationToken cancellationToken);
}
