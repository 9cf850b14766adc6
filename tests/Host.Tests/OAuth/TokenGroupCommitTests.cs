using System.Data.Common;
using CompatHost.Host.OAuth;
using CompatHost.Host.Startup;
using CompatHost.Host.Storage;
using CompatHost.Sdk.Identity;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.OAuth;

/// <summary>
/// Group commit of issued tokens (README: Performance): concurrent issues share transactions, and
/// each is acknowledged only once committed; a batch the store cannot take fails every issue in it,
/// and an issue the store refuses fails alone.
/// </summary>
public sealed class TokenGroupCommitTests : StoreTests
{
    [Fact]
    public Task ConcurrentIssues_AreEachCommitted_WhenTheyComplete() => TokenIssues.AssertConcurrentIssuesDurableAsync(Core);

    [Fact]
    public Task AnIssueSpanningInserts_IsCommittedWholeOrNotAtAll() => TokenIssues.AssertLongIssueAtomicAsync(Core);

    [Fact]
    public async Task OneIssuesTokens_AreCommittedTogether_OrNotAtAll()
    {
        var clientId = await TokenIssues.RegisterAsync(Core);
        var existing = TokenIssues.Token(clientId);
        await Core.OAuth.AddTokensAsync([existing]);
        var fresh = TokenIssues.Token(clientId);

        // The second token repeats a stored hash: the whole issue fails, the first token with it.
        await Assert.ThrowsAnyAsync<DbException>(() => Core.OAuth.AddTokensAsync([fresh, existing]));

        Assert.Null(await Core.OAuth.FindTokenAsync(fresh.Hash, CancellationToken.None));
    }

    [Fact]
    public async Task RefusedIssue_FailsAlone_TheOthersInItsBatchAreCommitted()
    {
        var clientId = await TokenIssues.RegisterAsync(Core);
        var good = Enumerable.Range(0, 200).Select(_ => TokenIssues.Token(clientId)).ToList();
        // No such application: the foreign key refuses it, as it would a client deleted by another
        // process while this node still had it cached.
        var refused = TokenIssues.Token("deleted-elsewhere");

        var issues = good.Select(t => Task.Run(() => Core.OAuth.AddTokensAsync([t]))).ToList();
        var refusedIssue = Task.Run(() => Core.OAuth.AddTokensAsync([refused]));
        issues.AddRange(good.Take(100).Select(_ => Task.Run(() => Core.OAuth.AddTokensAsync([TokenIssues.Token(clientId)]))));

        await Assert.ThrowsAnyAsync<DbException>(() => refusedIssue);
        await Task.WhenAll(issues);
        foreach (var token in good)
        {
            Assert.NotNull(await Core.OAuth.FindTokenAsync(token.Hash, CancellationToken.None));
        }
    }

    [Fact]
    public async Task FailedBatch_FailsEveryWaiter()
    {
        // A database without the schema: every batch's INSERT fails.
        var empty = new SqliteStoreDatabase(Path.Combine(Home.Root, "empty.db"));
        var writer = new TokenGroupCommit(empty);

        var issues = Enumerable.Range(0, 50).Select(_ => writer.AddAsync([TokenIssues.Token("no-such-client")])).ToList();

        foreach (var issue in issues)
        {
            await Assert.ThrowsAnyAsync<DbException>(() => issue);
        }
    }

}

/// <summary>Issues tokens straight into a store, for the group-commit tests on SQLite and PostgreSQL.</summary>
public static class TokenIssues
{
    /// <summary>Many issues at once, each awaited: every token is then readable through a fresh connection.</summary>
    public static async Task AssertConcurrentIssuesDurableAsync(HostCore core)
    {
        var clientId = await RegisterAsync(core);
        var tokens = Enumerable.Range(0, 200).Select(_ => Token(clientId)).ToList();

        await Task.WhenAll(tokens.Select(t => Task.Run(() => core.OAuth.AddTokensAsync([t]))));

        var reader = new SqlOAuthStore(core.Database, new StoreChanges(), TimeProvider.System);
        foreach (var token in tokens)
        {
            Assert.NotNull(await reader.FindTokenAsync(token.Hash, CancellationToken.None));
        }
    }

    /// <summary>
    /// One issue of 150 tokens spans several INSERT statements (one a token on SQLite, up to 64 rows
    /// each on PostgreSQL): every token is stored with its own values, and when the last one is
    /// refused none of the issue is.
    /// </summary>
    public static async Task AssertLongIssueAtomicAsync(HostCore core)
    {
        var clientId = await RegisterAsync(core);
        var tokens = Enumerable.Range(0, 150).Select(i => Token(clientId) with { Scopes = [$"scope{i}"], CertificateThumbprint = $"thumb{i}" }).ToList();

        await core.OAuth.AddTokensAsync(tokens);

        var reader = new SqlOAuthStore(core.Database, new StoreChanges(), TimeProvider.System);
        foreach (var token in tokens)
        {
            var stored = await reader.FindTokenAsync(token.Hash, CancellationToken.None);
            Assert.Equal(token.Scopes, stored?.Scopes);
            Assert.Equal(token.CertificateThumbprint, stored?.CertificateThumbprint);
        }

        var refusedAtTheEnd = Enumerable.Range(0, 149).Select(_ => Token(clientId)).Append(tokens[0]).ToList();
        await Assert.ThrowsAnyAsync<DbException>(() => core.OAuth.AddTokensAsync(refusedAtTheEnd));
        foreach (var token in refusedAtTheEnd.Take(149))
        {
            Assert.Null(await reader.FindTokenAsync(token.Hash, CancellationToken.None));
        }
    }

    public static async Task<string> RegisterAsync(HostCore core) => (await core.OAuth.AddApplicationAsync(new ApplicationRegistration(
        "group-" + Guid.NewGuid().ToString("N"), QualifiedUserName.SuperTenant, ["client_credentials"], null, null, null, null, null, null))).Application.ClientId;

    public static AccessToken Token(string clientId)
    {
        var now = DateTimeOffset.UtcNow;
        return new AccessToken(TokenValues.Hash(TokenValues.New()), AccessToken.Access, clientId, null, [], now, now.AddHours(1), false, null);
    }
}
