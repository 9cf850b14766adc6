using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using CompatHost.Host.Storage;
using CompatHost.Host.Users;
using CompatHost.Sdk.Certificates;
using CompatHost.Sdk.Identity;

namespace CompatHost.Host.OAuth;

/// <summary>Applications and tokens over <see cref="IStoreDatabase"/>, in the portable SQL the user store uses.</summary>
public sealed class SqlOAuthStore(IStoreDatabase database, StoreChanges changes) : IOAuthStore
{
    private const string AppColumns = "client_id, name, tenant, grant_types, callback_url, certificate_pem, certificate_thumbprint, created";

    public (OAuthApplication Application, string ClientSecret) AddApplication(string name, string tenant, IReadOnlyList<string> grantTypes,
        string? callbackUrl, string? certificatePem)
    {
        string? thumbprint = null;
        if (!string.IsNullOrWhiteSpace(certificatePem))
        {
            try
            {
                thumbprint = Thumbprint.Sha256(X509Certificate2.CreateFromPem(certificatePem)).Hex;
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                throw new UserStoreException("The application certificate is not a PEM certificate: " + ex.Message);
            }
        }

        var application = new OAuthApplication(TokenValues.New()[..32], name, tenant, grantTypes, callbackUrl, certificatePem, thumbprint, DateTimeOffset.UtcNow);
        var secret = TokenValues.New();
        using var connection = Open();
        if (Sql.Scalar<long>(connection, "SELECT COUNT(*) FROM oauth_apps WHERE tenant = @tenant AND name = @name", ("@tenant", tenant), ("@name", name)) > 0)
        {
            throw new UserStoreException($"An application named {name} already exists.");
        }

        Sql.Execute(connection,
            $"INSERT INTO oauth_apps({AppColumns}, secret_hash) VALUES(@id, @name, @tenant, @grants, @callback, @pem, @thumb, @created, @secret)",
            ("@id", application.ClientId), ("@name", name), ("@tenant", tenant), ("@grants", string.Join(' ', grantTypes)),
            ("@callback", callbackUrl), ("@pem", certificatePem), ("@thumb", thumbprint), ("@created", application.Created.ToString("O")),
            ("@secret", TokenValues.Hash(secret)));
        return (application, secret);
    }

    public OAuthApplication? FindApplication(string clientId)
    {
        using var connection = Open();
        return Sql.Rows(connection, $"SELECT {AppColumns} FROM oauth_apps WHERE client_id = @id", ReadApplication, ("@id", clientId)).FirstOrDefault();
    }

    public IReadOnlyList<OAuthApplication> ListApplications(string tenant)
    {
        using var connection = Open();
        return Sql.Rows(connection, $"SELECT {AppColumns} FROM oauth_apps WHERE tenant = @tenant ORDER BY name", ReadApplication, ("@tenant", tenant));
    }

    public bool DeleteApplication(string clientId)
    {
        using var connection = Open();
        var revoked = Sql.Rows(connection, "SELECT token_hash FROM oauth_tokens WHERE client_id = @id", r => r.GetString(0), ("@id", clientId));
        var deleted = Sql.Execute(connection, "DELETE FROM oauth_apps WHERE client_id = @id", ("@id", clientId)) > 0;
        foreach (var hash in revoked)
        {
            Changed(connection, hash);
        }

        return deleted;
    }

    public bool VerifySecret(string clientId, string secret)
    {
        using var connection = Open();
        var hash = Sql.Scalar<string>(connection, "SELECT secret_hash FROM oauth_apps WHERE client_id = @id", ("@id", clientId));
        return hash is not null && TokenValues.Matches(secret, hash);
    }

    public void AddToken(AccessToken token)
    {
        using var connection = Open();
        Sql.Execute(connection,
            "INSERT INTO oauth_tokens(token_hash, kind, client_id, user_tenant, user_domain, user_name, scopes, issued, expires, revoked, certificate_thumbprint) " +
            "VALUES(@hash, @kind, @client, @tenant, @domain, @name, @scopes, @issued, @expires, 0, @thumb)",
            ("@hash", token.Hash), ("@kind", token.Kind), ("@client", token.ClientId), ("@tenant", token.User?.Tenant),
            ("@domain", token.User?.Domain), ("@name", token.User?.Name), ("@scopes", string.Join(' ', token.Scopes)),
            ("@issued", token.Issued.ToString("O")), ("@expires", token.Expires.ToString("O")), ("@thumb", token.CertificateThumbprint));
    }

    public async Task<AccessToken?> FindTokenAsync(string hash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await Sql.RowsAsync(connection,
            "SELECT token_hash, kind, client_id, user_tenant, user_domain, user_name, scopes, issued, expires, revoked, certificate_thumbprint FROM oauth_tokens WHERE token_hash = @hash",
            ReadToken, cancellationToken, ("@hash", hash));
        return rows.FirstOrDefault();
    }

    public bool RevokeToken(string hash, string clientId)
    {
        using var connection = Open();
        var revoked = Sql.Execute(connection, "UPDATE oauth_tokens SET revoked = 1 WHERE token_hash = @hash AND client_id = @client",
            ("@hash", hash), ("@client", clientId)) > 0;
        if (revoked)
        {
            Changed(connection, hash);
        }

        return revoked;
    }

    /// <summary>This node's cache drops the token now; other nodes when the notification arrives.</summary>
    private void Changed(DbConnection connection, string hash)
    {
        changes.Raise(TokenChangeKey.For(hash));
        if (database.IsShared)
        {
            database.Publish(connection, TokenChangeKey.For(hash));
        }
    }

    private DbConnection Open() => database.OpenAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();

    private static OAuthApplication ReadApplication(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3).Split(' ', StringSplitOptions.RemoveEmptyEntries),
        r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6),
        DateTimeOffset.Parse(r.GetString(7), CultureInfo.InvariantCulture));

    private static AccessToken ReadToken(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2),
        r.IsDBNull(5) ? null : QualifiedUserName.Create(r.GetString(5), r.GetString(4), r.GetString(3)),
        r.GetString(6).Split(' ', StringSplitOptions.RemoveEmptyEntries),
        DateTimeOffset.Parse(r.GetString(7), CultureInfo.InvariantCulture),
        DateTimeOffset.Parse(r.GetString(8), CultureInfo.InvariantCulture),
        Convert.ToInt64(r.GetValue(9), CultureInfo.InvariantCulture) != 0,
        r.IsDBNull(10) ? null : r.GetString(10));
}

/// <summary>How a token change is named between nodes: <c>token:&lt;hash&gt;</c>.</summary>
public static class TokenChangeKey
{
    private const string Prefix = "token:";

    public static string For(string hash) => Prefix + hash;

    public static string? HashOf(string key) => key.StartsWith(Prefix, StringComparison.Ordinal) ? key[Prefix.Length..] : null;
}
