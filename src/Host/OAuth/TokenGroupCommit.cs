using System.Threading.Channels;
using CompatHost.Host.Storage;

namespace CompatHost.Host.OAuth;

/// <summary>
/// Group commit of issued tokens: one writer drains every issue waiting at that moment and stores
/// them in one transaction, so concurrent issues share one durable commit (one fsync with SQLite's
/// <c>synchronous=FULL</c>, one WAL flush with PostgreSQL) instead of queueing for one each.
/// </summary>
/// <remarks>
/// An issue is acknowledged only after COMMIT returns: <see cref="AddAsync"/> completes then, and
/// the token endpoint answers after it. An issue fails when its own commit fails, so no client is
/// ever handed a token the store does not hold. The grant's tokens (access and refresh) of one
/// issue are always in the same transaction.
/// </remarks>
public sealed class TokenGroupCommit
{
    private const int MaxBatch = 512;

    private const string Insert =
        "INSERT INTO oauth_tokens(token_hash, kind, client_id, user_tenant, user_domain, user_name, scopes, issued, expires, revoked, certificate_thumbprint) " +
        "VALUES(@hash, @kind, @client, @tenant, @domain, @name, @scopes, @issued, @expires, 0, @thumb)";

    private readonly IStoreDatabase _database;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    public TokenGroupCommit(IStoreDatabase database)
    {
        _database = database;
        _ = Task.Run(WriteLoopAsync);
    }

    /// <summary>Completes once <paramref name="tokens"/> are committed; throws what the commit threw.</summary>
    public Task AddAsync(IReadOnlyList<AccessToken> tokens)
    {
        var pending = new Pending(tokens, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return _queue.Writer.TryWrite(pending) ? pending.Done.Task : Task.FromException(new InvalidOperationException("token writer stopped"));
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                await CommitAsync(batch);
                batch.ForEach(p => p.Done.SetResult());
            }
            catch (Exception ex) when (batch.Count > 1 && !_database.IsUnavailable(ex))
            {
                // Nothing of the batch was committed. One issue the store refuses (an application
                // deleted by another process while this node still had it cached: the foreign key)
                // must not fail the others with it, so each is tried again in its own transaction.
                // A store that is away fails the whole batch at once (below), or the rest of it
                // once a retry finds it away: retried one by one, each would wait out the busy
                // timeout again.
                Exception? away = null;
                foreach (var pending in batch)
                {
                    away = away is null ? await CommitOneAsync(pending) : Fail(pending, away);
                }
            }
            catch (Exception ex)
            {
                // The writer outlives a failed batch (a database that was briefly away answers the next one).
                batch.ForEach(p => p.Done.SetException(ex));
            }

            batch.Clear();
        }
    }

    /// <summary>Commits one issue alone; returns the failure when the store is away, so the rest of its batch is not retried.</summary>
    private async Task<Exception?> CommitOneAsync(Pending pending)
    {
        try
        {
            await CommitAsync([pending]);
            pending.Done.SetResult();
            return null;
        }
        catch (Exception ex)
        {
            pending.Done.SetException(ex);
            return _database.IsUnavailable(ex) ? ex : null;
        }
    }

    private static Exception Fail(Pending pending, Exception away)
    {
        pending.Done.SetException(away);
        return away;
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = Sql.Command(connection, Insert,
            ("@hash", null), ("@kind", null), ("@client", null), ("@tenant", null), ("@domain", null), ("@name", null),
            ("@scopes", null), ("@issued", null), ("@expires", null), ("@thumb", null));
        command.Transaction = transaction;
        foreach (var token in batch.SelectMany(p => p.Tokens))
        {
            object?[] values = [token.Hash, token.Kind, token.ClientId, token.User?.Tenant, token.User?.Domain, token.User?.Name,
                string.Join(' ', token.Scopes), token.Issued.ToString("O"), token.Expires.ToString("O"), token.CertificateThumbprint];
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    private sealed record Pending(IReadOnlyList<AccessToken> Tokens, TaskCompletionSource Done);
}
