using System.Diagnostics;
using CompatHost.Host.Storage;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Reliability;

/// <summary>
/// A store that is slow rather than down: another process holds SQLite's write lock. Writes
/// answer 503 (the store-unavailable answer, with Retry-After) once <c>query_timeout</c> has passed — not a 500, not a hang —
/// while requests that need no write (health, a cached Basic login) keep being answered at
/// once, so the waiting writes do not starve the host's thread pool. Writes succeed again as
/// soon as the lock is released.
/// </summary>
public sealed class SlowStoreTests
{
    private const int TimeoutSeconds = 2;

    /// <summary>Well past the timeout: a loaded 2-core machine delays everything.</summary>
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(TimeoutSeconds * 4 + 4);

    /// <summary>How long a request that needs no write may take while 32 writes wait: far below the write timeout.</summary>
    private static readonly TimeSpan UnblockedBound = TimeSpan.FromMilliseconds(1500);

    private static readonly (string, string) Admin = WriteCalls.Admin;

    [Fact]
    public async Task WriteLockHeldElsewhere_WritesAnswer503InTime_AndOtherRequestsKeepBeingServed()
    {
        using var home = new TestHome();
        home.WriteToml($"""
            [database.identity_db]
            type = "sqlite"
            query_timeout = {TimeoutSeconds}
            """);
        await using var host = await HostProcess.StartAsync(home);
        var app = await WriteCalls.RegisterAsync(host);
        using var client = host.Client();
        // Token issuance is the write: its password check is cached after this first one, so
        // the timing below is the store's, not PBKDF2's.
        Assert.Equal(200, await WriteCalls.IssueTokenAsync(client, app, []));

        await using (await HoldWriteLockAsync(home))
        {
            using var done = new CancellationTokenSource();
            var probes = ProbeAsync(host, done.Token);
            // Token issues share one group-commit writer; user creations each open a connection
            // of their own, more than the store lets be open at once.
            var writes = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => TimedAsync(() => i % 2 == 0
                ? WriteCalls.IssueTokenAsync(client, app, [])
                : WriteCalls.CreateUserAsync(client, []))));
            await done.CancelAsync();
            var slowest = await probes;

            var seen = string.Join(", ", writes.Select(w => $"{w.Status}@{w.Elapsed.TotalSeconds:0.0}s"));
            Assert.True(slowest < UnblockedBound, $"health and cached reads took up to {slowest} while writes waited ({seen})");
            Assert.All(writes, w => Assert.Equal(503, w.Status));
            Assert.All(writes, w => Assert.InRange(w.Elapsed, TimeSpan.FromSeconds(TimeoutSeconds) * 0.9, AnswerBound));
        }

        Assert.Equal(200, await WriteCalls.IssueTokenAsync(client, app, []));
        Assert.Equal(201, await WriteCalls.CreateUserAsync(client, []));
    }

    /// <summary>A second process's view of the store: an open write transaction, rolled back on dispose.</summary>
    private static async Task<IAsyncDisposable> HoldWriteLockAsync(TestHome home)
    {
        var database = new SqliteStoreDatabase(Path.Combine(home.Home.DatabaseDir, "identity.db"), TimeSpan.FromSeconds(1));
        var connection = await database.OpenAsync(CancellationToken.None);
        var transaction = await connection.BeginTransactionAsync();
        // A write takes SQLite's one writer lock and keeps it until the transaction ends.
        await Sql.ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS slow_store_probe(id INTEGER); INSERT INTO slow_store_probe VALUES (1);", CancellationToken.None);
        return new Held(transaction, connection);
    }

    /// <summary>Health and an authenticated read, back to back; the slowest answer seen.</summary>
    private static async Task<TimeSpan> ProbeAsync(HostProcess host, CancellationToken done)
    {
        using var client = host.Client();
        var slowest = TimeSpan.Zero;
        while (!done.IsCancellationRequested)
        {
            foreach (var (path, headers) in new[] { ("/api/health", Array.Empty<(string, string)>()), ("/scim2/Me", [Admin]) })
            {
                var clock = Stopwatch.StartNew();
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                foreach (var (name, value) in headers)
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }

                using var response = await client.SendAsync(request, CancellationToken.None);
                Assert.Equal(200, (int)response.StatusCode);
                slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        return slowest;
    }

    private static async Task<(int Status, TimeSpan Elapsed)> TimedAsync(Func<Task<int>> write)
    {
        var clock = Stopwatch.StartNew();
        var status = await write();
        return (status, clock.Elapsed);
    }

    private sealed class Held(System.Data.Common.DbTransaction transaction, System.Data.Common.DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
