using CompatHost.Host.Startup;
using CompatHost.Tests.OAuth;
using CompatHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompatHost.Tests.Scale;

/// <summary>Group commit of issued tokens on PostgreSQL: the same guarantee as on SQLite.</summary>
public sealed class TokenGroupCommitPostgresTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>
{
    [PostgresFact]
    public async Task ConcurrentIssues_AreEachCommitted_WhenTheyComplete()
    {
        using var home = new TestHome();
        await TokenIssues.AssertConcurrentIssuesDurableAsync(await OpenAsync(home));
    }

    [PostgresFact]
    public async Task AnIssueSpanningInserts_IsCommittedWholeOrNotAtAll()
    {
        using var home = new TestHome();
        await TokenIssues.AssertLongIssueAtomicAsync(await OpenAsync(home));
    }

    private async Task<HostCore> OpenAsync(TestHome home)
    {
        home.WriteToml($"""
            [database.identity_db]
            type = "postgre"
            url = "{await cluster.CreateDatabaseAsync()}"
            """);
        return await HostCore.OpenAsync(home.Home, NullLoggerFactory.Instance, CancellationToken.None);
    }
}
