namespace CompatHost.Host.OAuth;

/// <summary>Applications and tokens, in the same database as the users so every node shares them.</summary>
public interface IOAuthStore
{
    /// <summary>Registers an application; returns it and its client secret, which is never retrievable again.</summary>
    (OAuthApplication Application, string ClientSecret) AddApplication(string name, string tenant, IReadOnlyList<string> grantTypes,
        string? callbackUrl, string? certificatePem);

    OAuthApplication? FindApplication(string clientId);

    IReadOnlyList<OAuthApplication> ListApplications(string tenant);

    bool DeleteApplication(string clientId);

    /// <summary>True when the secret is the application's (constant-time compare of hashes).</summary>
    bool VerifySecret(string clientId, string secret);

    void AddToken(AccessToken token);

    Task<AccessToken?> FindTokenAsync(string hash, CancellationToken cancellationToken);

    /// <summary>Revokes a token; returns false when there is no such token for that client.</summary>
    bool RevokeToken(string hash, string clientId);
}
