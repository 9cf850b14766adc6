using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using CompatHost.Host.Storage;
using CompatHost.Host.Users;
using CompatHost.Sdk.Certificates;
using CompatHost.Sdk.Identity;

namespace CompatHost.Host.OAuth;

/// <summary>Applications and tokens over <see cref="IStoreDatabase"/>, in the portable SQL the user store uses.</summary>
public sealed partial class SqlOAuthStore : IOAuthStore
{
    // How long an application and its secret hash are answered from memory at most.
    private static readonly TimeSpan ClientLifetime = TimeSpan.FromSeconds(60);

    private readonly IStoreDatabase _database;
    private readonly StoreChanges _changes;
    private readonly TokenGroupCommit _tokens;

    /// <summary>
    /// Applications with their secret hash, by client id. The product reads an application through
    /// AppInfoCache (identity-oauth OAuth2Util.getAppInformationByClientId) and checks a client's
    /// secret against that record (OAuth2Util.authenticateClient); here a token request read the
    /// store twice (secret, then application), about a fifth of its CPU. A change to an application
    /// (update, secret reset, delete) drops it here at once and on other nodes by the change feed.
    /// </summary>
    private readonly ExpiringCache<string, Client> _clients;

    public SqlOAuthStore(IStoreDatabase database, StoreChanges changes, TimeProvider time)
    {
        _database = database;
        _changes = changes;
        _tokens = new TokenGroupCommit(database);
        _clients = new ExpiringCache<string, Client>(time, ClientLifetime, 10_000, "oauth_apps");
        changes.Received += key =>
        {
            if (key == StoreChanges.Everything)
            {
                _clients.Clear();
            }
            else if (ApplicationChangeKey.ClientIdOf(key) is { } clientId)
            {
                _clients.Remove(clientId);
            }
        };
    }

    private const string AppColumns = "client_id, name, tenant, grant_types, callback_url, certificate_pem, certificate_thumbprint, created, " +
        "jwks_uri, tls_client_auth_subject_dn, token_binding, owner_tenant, owner_domain, owner_name";

    public async Task<(OAuthApplication Application, string ClientSecret)> AddApplicationAsync(ApplicationRegistration registration,
        CancellationToken cancellationToken)
    {
        if (registration.Validate(out var jwksUri, out var binding) is { } invalid)
        {
            throw new UserStoreException(invalid);
        }

        string? thumbprint = null;
        var pem = string.IsNullOrWhiteSpace(registration.CertificatePem) ? null : registration.CertificatePem;
        if (pem is not null)
        {
            try
            {
                thumbprint = Thumbprint.Sha256(X509Certificate2.CreateFromPem(pem)).Hex;
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                throw new UserStoreException("The application certificate is not a PEM certificate: " + ex.Message);
            }
        }

        var (name, tenant, owner) = (registration.Name, registration.Tenant, registration.Owner);
        var subjectDn = string.IsNullOrWhiteSpace(registration.TlsClientAuthSubjectDn) ? null : registration.TlsClientAuthSubjectDn.Trim();
        var application = new OAuthApplication(registration.ClientId ?? TokenValues.New()[..32], name, tenant, registration.GrantTypes, registration.CallbackUrl,
            pem, thumbprint, DateTimeOffset.UtcNow, jwksUri, subjectDn, binding, owner);
        var secret = registration.ClientSecret ?? TokenValues.New();
        // Looked up before this method's connection is open: a connection waiting for another
        // could wait on itself once every connection is taken (SqliteStoreDatabase.MaxOpenConnections).
        if (registration.ClientId is not null && await FindApplicationAsync(registration.ClientId, cancellationToken) is not null)
        {
            throw new UserStoreException($"An application with the client id {registration.ClientId} already exists.");
        }

        await using var connection = await _database.OpenAsync(cancellationToken);
        if (await Sql.ScalarAsync<long>(connection, "SELECT COUNT(*) FROM oauth_apps WHERE tenant = @tenant AND name = @name", cancellationToken,
                ("@tenant", tenant), ("@name", name)) > 0)
        {
            throw new UserStoreException($"An application named {name} already exists.");
        }

        await Sql.ExecuteAsync(connection,
            $"INSERT INTO oauth_apps({AppColumns}, secret_hash) VALUES(@id, @name, @tenant, @grants, @callback, @pem, @thumb, @created, " +
            "@jwks, @subject, @binding, @otenant, @odomain, @oname, @secret)", cancellationToken,
            ("@id", application.ClientId), ("@name", name), ("@tenant", tenant), ("@grants", string.Join(' ', application.GrantTypes)),
            ("@callback", application.CallbackUrl), ("@pem", pem), ("@thumb", thumbprint), ("@created", application.Created.ToString("O")),
            ("@jwks", jwksUri?.AbsoluteUri), ("@subject", subjectDn), ("@binding", ApplicationRegistration.WireName(binding)),
            ("@otenant", owner?.Tenant), ("@odomain", owner?.Domain), ("@oname", owner?.Name), ("@secret", TokenValues.Hash(secret)));
        return (application, secret);
    }

    public async Task<OAuthApplication?> FindApplicationAsync(string clientId, CancellationToken cancellationToken) =>
        (await _clients.GetOrLoadAsync(clientId, LoadClientAsync, cancellationToken))?.Application;

    private async Task<Client?> LoadClientAsync(string clientId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return (await Sql.RowsAsync(connection, $"SELECT {AppColumns}, secret_hash FROM oauth_apps WHERE client_id = @id",
            r => new Client(ReadApplication(r), r.GetString(SecretHashColumn)), cancellationToken, ("@id", clientId))).FirstOrDefault();
    }

    public async Task<IReadOnlyList<OAuthApplication>> ListApplicationsAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await Sql.RowsAsync(connection, $"SELECT {AppColumns} FROM oauth_apps WHERE tenant = @tenant ORDER BY name", ReadApplication,
            cancellationToken, ("@tenant", tenant));
    }

    public async Task<bool> DeleteApplicationAsync(string clientId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var revoked = await Sql.RowsAsync(connection, "SELECT token_hash FROM oauth_tokens WHERE client_id = @id", r => r.GetString(0),
            cancellationToken, ("@id", clientId));
        var deleted = await Sql.ExecuteAsync(connection, "DELETE FROM oauth_apps WHERE client_id = @id", cancellationToken, ("@id", clientId)) > 0;
        await ChangedAsync(connection, ApplicationChangeKey.For(clientId), cancellationToken);
        foreach (var hash in revoked)
        {
            await ChangedAsync(connection, TokenChangeKey.For(hash), cancellationToken);
        }

        return deleted;
    }

    public async Task<bool> VerifySecretAsync(string clientId, string secret, CancellationToken cancellationToken) =>
        await _clients.GetOrLoadAsync(clientId, LoadClientAsync, cancellationToken) is { } client && TokenValues.Matches(secret, client.SecretHash);

    public Task AddTokensAsync(IReadOnlyList<AccessToken> tokens) => _tokens.AddAsync(tokens);

    public async Task<AccessToken?> FindTokenAsync(string hash, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await Sql.RowsAsync(connection,
            "SELECT token_hash, kind, client_id, user_tenant, user_domain, user_name, scopes, issued, expires, revoked, certificate_thumbprint FROM oauth_tokens WHERE token_hash = @hash",
            ReadToken, cancellationToken, ("@hash", hash));
        return rows.FirstOrDefault();
    }

    public async Task<bool> RevokeTokenAsync(string hash, string clientId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var revoked = await Sql.ExecuteAsync(connection, "UPDATE oauth_tokens SET revoked = 1 WHERE token_hash = @hash AND client_id = @client",
            cancellationToken, ("@hash", hash), ("@client", clientId)) > 0;
        if (revoked)
        {
            await ChangedAsync(connection, TokenChangeKey.For(hash), cancellationToken);
        }

        return revoked;
    }

    /// <summary>This node's caches drop what <paramref name="key"/> names now; other nodes' when the notification arrives.</summary>
    private async Task ChangedAsync(DbConnection connection, string key, CancellationToken cancellationToken)
    {
        _changes.Raise(key);
        if (_database.IsShared)
        {
            await _database.PublishAsync(connection, key, cancellationToken);
        }
    }

    private static OAuthApplication ReadApplication(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3).Split(' ', StringSplitOptions.RemoveEmptyEntries),
        Text(r, 4), Text(r, 5), Text(r, 6),
        DateTimeOffset.Parse(r.GetString(7), CultureInfo.InvariantCulture),
        Text(r, 8) is { } jwks ? new Uri(jwks) : null,
        Text(r, 9),
        r.GetString(10) == "certificate" ? TokenBindingType.Certificate : TokenBindingType.None,
        Text(r, 13) is { } owner ? QualifiedUserName.Create(owner, r.GetString(12), r.GetString(11)) : null);

    // secret_hash is read after the application's columns.
    private static readonly int SecretHashColumn = AppColumns.Split(',').Length;

    /// <summary>An application and the hash of its current secret, as cached.</summary>
    private sealed record Client(OAuthApplication Application, string SecretHash);

    private static string? Text(DbDataReader r, int column) => r.IsDBNull(column) ? null : r.GetString(column);

    private static AccessToken ReadToken(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2),
        r.IsDBNull(5) ? null : QualifiedUserName.Create(r.GetString(5), r.GetString(4), r.GetString(3)),
        r.GetString(6).Split(' ', StringSplitOptions.RemoveEmptyEntries),
        DateTimeOffset.Parse(r.GetString(7), CultureInfo.InvariantCulture),
        DateTimeOffset.Parse(r.GetString(8), CultureInfo.InvariantCulture),
        Convert.ToInt64(r.GetValue(9), CultureInfo.InvariantCulture) != 0,
        r.IsDBNull(10) ? null : r.GetString(10));
}

/// <summary>How an application change is named between nodes: <c>oauth_app:&lt;client id&gt;</c>.</summary>
public static class ApplicationChangeKey
{
    private const string Prefix = "oauth_app:";

    public static string For(string clientId) => Prefix + clientId;

    public static string? ClientIdOf(string key) => key.StartsWith(Prefix, StringComparison.Ordinal) ? key[Prefix.Length..] : null;
}

/// <summary>How a token change is named between nodes: <c>token:&lt;hash&gt;</c>.</summary>
public static class TokenChangeKey
{
    private const string Prefix = "token:";

    public static string For(string hash) => Prefix + hash;

    public static string? HashOf(string key) => key.StartsWith(Prefix, StringComparison.Ordinal) ? key[Prefix.Length..] : null;
}
