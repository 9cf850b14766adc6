using System.Data.Common;
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

    /// <summary>
    /// The most rows one INSERT carries (the store says how many it wants, <see cref="IStoreDatabase.RowsPerInsert"/>):
    /// 64 rows of 10 parameters stay far below both stores' parameter limits (SQLite 32,766, PostgreSQL 65,535).
    /// </summary>
    private const int MaxRowsPerInsert = 64;

    /// <summary>Each row's parameter names, numbered per row (@hash0, @kind0, ..., @hash1, ...), in the order <see cref="Values"/> gives values.</summary>
    private static readonly string[][] Names = [.. Enumerable.Range(0, MaxRowsPerInsert).Select(row =>
        new[] { "hash", "kind", "client", "tenant", "domain", "name", "scopes", "issued", "expires", "thumb" }.Select(column => $"@{column}{row}").ToArray())];

    /// <summary>The INSERT for n rows, at index n.</summary>
    private static readonly string[] Inserts = [.. Enumerable.Range(0, MaxRowsPerInsert + 1).Select(rows =>
        "INSERT INTO oauth_tokens(token_hash, kind, client_id, user_tenant, user_domain, user_name, scopes, issued, expires, revoked, certificate_thumbprint) VALUES " +
        string.Join(", ", Names.Take(rows).Select(n => $"({n[0]}, {n[1]}, {n[2]}, {n[3]}, {n[4]}, {n[5]}, {n[6]}, {n[7]}, {n[8]}, 0, {n[9]})")))];

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
        DbCommand? command = null;
        try
        {
            foreach (var rows in batch.SelectMany(p => p.Tokens).Chunk(Math.Clamp(_database.RowsPerInsert, 1, MaxRowsPerInsert)))
            {
                // Chunks of one size share a command, prepared once and bound again for each.
                if (command?.Parameters.Count != rows.Length * Names[0].Length)
                {
                    if (command is not null)
                    {
                        await command.DisposeAsync();
                    }

                    command = connection.CreateCommand();
                    command.CommandText = Inserts[rows.Length];
                    command.Transaction = transaction;
                    foreach (var name in Names.Take(rows.Length).SelectMany(n => n))
                    {
                        var parameter = command.CreateParameter();
                        parameter.ParameterName = name;
                        command.Parameters.Add(parameter);
                    }
                }

                var index = 0;
                foreach (var value in rows.SelectMany(Values))
                {
                    command.Parameters[index++].Value = value ?? DBNull.Value;
                }

                await command.ExecuteNonQueryAsync();
            }
        }
        finally
        {
            if (command is not null)
            {
                await command.DisposeAsync();
            }
        }

        await transaction.CommitAsync();
    }

    /// <summary>A token's values in the order of <see cref="Names"/>.</summary>
    private static object?[] Values(AccessToken token) =>
        [token.Hash, token.Kind, token.ClientId, token.User?.Tenant, token.User?.Domain, token.User?.Name,
            string.Join(' ', token.Scopes), token.Issued.ToString("O"), token.Expires.ToString("O"), token.CertificateThumbprint];

    private sealed record Pending(IReadOnlyList<AccessToken> Tokens, TaskCompletionSource Done);
}
