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

    /// <summary>True when the secret is the application's (constant-time compare of hashes).</summary>
    bool VerifySecret(string clientId, string secret);

    /// <summary>Stores one issue's tokens durably (in one transaction); completes only once they are committed.</summary>
    Task AddTokensAsync(IReadOnlyList<AccessToken> tokens);

    Task<AccessToken?> FindTokenAsync(string hash, CancellationToken cancellationToken);

    /// <summary>Revokes a token; returns false when there is no such token for that client.</summary>
    bool RevokeToken(string hash, string clientId);
}
