using CompatHost.Host.Storage;
using CompatHost.Host.Users;

namespace CompatHost.Host.OAuth;

/// <summary>What the admin service changes on an application beyond registering and deleting it.</summary>
public sealed partial class SqlOAuthStore
{
    public async Task<OAuthApplication?> FindApplicationByNameAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await Sql.RowsAsync(connection, $"SELECT {AppColumns} FROM oauth_apps WHERE tenant = @tenant AND name = @name", ReadApplication,
            cancellationToken, ("@tenant", tenant), ("@name", name));
        return rows.FirstOrDefault();
    }

    public async Task UpdateApplicationAsync(string clientId, string name, IReadOnlyList<string> grantTypes, string? callbackUrl,
        CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var taken = await Sql.ScalarAsync<long>(connection,
            "SELECT COUNT(*) FROM oauth_apps a JOIN oauth_apps b ON b.tenant = a.tenant WHERE a.client_id = @id AND b.name = @name AND b.client_id <> @id",
            cancellationToken, ("@id", clientId), ("@name", name));
        if (taken > 0)
        {
            throw new UserStoreException($"An application named {name} already exists.");
        }

        var updated = await Sql.ExecuteAsync(connection, "UPDATE oauth_apps SET name = @name, grant_types = @grants, callback_url = @callback WHERE client_id = @id",
            cancellationToken, ("@id", clientId), ("@name", name), ("@grants", string.Join(' ', grantTypes)), ("@callback", callbackUrl));
        if (updated == 0)
        {
            throw new UserStoreException($"Cannot find a valid OAuth client for consumerKey: {clientId}");
        }

        await transaction.CommitAsync(cancellationToken);
        await ChangedAsync(connection, ApplicationChangeKey.For(clientId), cancellationToken);
    }

    public async Task<string> ResetSecretAsync(string clientId, CancellationToken cancellationToken)
    {
        var secret = TokenValues.New();
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await Sql.ExecuteAsync(connection, "UPDATE oauth_apps SET secret_hash = @secret WHERE client_id = @id", cancellationToken,
                ("@id", clientId), ("@secret", TokenValues.Hash(secret))) == 0)
        {
            throw new UserStoreException($"Cannot find a valid OAuth client for consumerKey: {clientId}");
        }

        // As the product's updateAndRetrieveOauthSecretKey, the old secret's tokens stop working.
        var revoked = await Sql.RowsAsync(connection, "SELECT token_hash FROM oauth_tokens WHERE client_id = @id AND revoked = 0", r => r.GetString(0),
            cancellationToken, ("@id", clientId));
        await Sql.ExecuteAsync(connection, "UPDATE oauth_tokens SET revoked = 1 WHERE client_id = @id", cancellationToken, ("@id", clientId));
        await transaction.CommitAsync(cancellationToken);
        await ChangedAsync(connection, ApplicationChangeKey.For(clientId), cancellationToken);
        foreach (var hash in revoked)
        {
            await ChangedAsync(connection, TokenChangeKey.For(hash), cancellationToken);
        }

        return secret;
    }
}
