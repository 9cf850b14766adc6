namespace CompatHost.Host.OAuth;

/// <summary>Applications and tokens, in the same database as the users so every node shares them.</summary>
public interface IOAuthStore
{
    /// <summary>
    /// Registers an application; returns it and its client secret, which is never retrievable again.
    /// An invalid registration (see <see cref="ApplicationRegistration.Validate"/>) or a taken name throws <c>UserStoreException</c>.
    /// </summary>
    Task<(OAuthApplication Application, string ClientSecret)> AddApplicationAsync(ApplicationRegistration registration, CancellationToken cancellationToken = default);

    Task<OAuthApplication?> FindApplicationAsync(string clientId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<OAuthApplication>> ListApplicationsAsync(string tenant, CancellationToken cancellationToken = default);

    Task<bool> DeleteApplicationAsync(string clientId, CancellationToken cancellationToken = default);

    Task<OAuthApplication?> FindApplicationByNameAsync(string tenant, string name, CancellationToken cancellationToken);

    /// <summary>Renames an application and sets its grants and callback; a name taken in its tenant throws <c>UserStoreException</c>.</summary>
    Task UpdateApplicationAsync(string clientId, string name, IReadOnlyList<string> grantTypes, string? callbackUrl, CancellationToken cancellationToken);

    /// <summary>Gives the application a new secret and revokes every token issued under the old one; returns the new secret.</summary>
    Task<string> ResetSecretAsync(string clientId, CancellationToken cancellationToken);

    /// <summary>True when the secret is the application's (constant-time compare of hashes).</summary>
    Task<bool> VerifySecretAsync(string clientId, string secret, CancellationToken cancellationToken = default);

    /// <summary>Stores one issue's tokens durably (in one transaction); completes only once they are committed.</summary>
    Task AddTokensAsync(IReadOnlyList<AccessToken> tokens);

    Task<AccessToken?> FindTokenAsync(string hash, CancellationToken cancellationToken = default);

    /// <summary>Revokes a token; returns false when there is no such token for that client.</summary>
    Task<bool> RevokeTokenAsync(string hash, string clientId, CancellationToken cancellationToken = default);
}
