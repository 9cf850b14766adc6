namespace CompatHost.Host.OAuth;

/// <summary>Applications and tokens, in the same database as the users so every node shares them.</summary>
public interface IOAuthStore
{
    /// <summary>
    /// Registers an application; returns it and its client secret, which is never retrievable again.
    /// An invalid registration (see <see cref="ApplicationRegistration.Validate"/>) or a taken name throws <c>UserStoreException</c>.
    /// </summary>
    (OAuthApplication Application, string ClientSecret) AddApplication(ApplicationRegistration registration);

    OAuthApplication? FindApplication(string clientId);

    IReadOnlyList<OAuthApplication> ListApplications(string tenant);

    bool DeleteApplication(string clientId);

    Task<OAuthApplication?> FindApplicationByNameAsync(string tenant, string name, CancellationToken cancellationToken);

    /// <summary>Renames an application and sets its grants and callback; a name taken in its tenant throws <c>UserStoreException</c>.</summary>
    Task UpdateApplicationAsync(string clientId, string name, IReadOnlyList<string> grantTypes, string? callbackUrl, CancellationToken cancellationToken);

    /// <summary>Gives the application a new secret and revokes every token issued under the old one; returns the new secret.</summary>
    Task<string> ResetSecretAsync(string clientId, CancellationToken cancellationToken);

    /// <summary>True when the secret is the application's (constant-time compare of hashes).</summary>
    bool VerifySecret(string clientId, string secret);

    void AddToken(AccessToken token);

    Task<AccessToken?> FindTokenAsync(string hash, CancellationToken cancellationToken);

    /// <summary>Revokes a token; returns false when there is no such token for that client.</summary>
    bool RevokeToken(string hash, string clientId);
}
