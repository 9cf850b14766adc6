using CompatHost.Host.Startup;
using CompatHost.Host.Users;
using CompatHost.Tests.OAuth;
using CompatHost.Tests.Soap;
using CompatHost.Tests.Support;
using Xunit.Abstractions;

namespace CompatHost.Tests.Users;

/// <summary>
/// Lockout through the real host over TLS: Basic (REST), SOAP AuthenticationAdmin.login and the
/// password grant all count failures and all refuse a locked account, each in its usual shape.
/// </summary>
public sealed class AccountLockoutEndToEndTests(ITestOutputHelper output)
{
    private const string LockToml = """
        [identity_mgt.account_locking]
        enable_account_locking = true
        allowed_failed_attempts = 3
        auto_unlock_after = 15
        auto_unlock_time_increment_ratio = 2
        """;

    [Fact]
    public async Task Basic_ALockedAccount_Is401WithTheUsualBody_OthersUnaffected_UntilTheOperatorUnlocks()
    {
        using var home = new TestHome();
        home.WriteToml(LockToml);
        await using var host = await RunningHost.StartAsync(home, RunningHost.SeedMatrixUsers);

        var wrong = await host.SendAsync(HttpMethod.Get, "/scim2/Me", null, null, Basic.Header("alice", "nope"));
        Assert.Equal(401, wrong.Status);
        await host.GetAsync("/scim2/Me", null, Basic.Header("alice", "nope"));
        await host.GetAsync("/scim2/Me", null, Basic.Header("alice", "nope"));

        // The product's valve answers a locked account as any failed login (the Auth-Failure-Reason
        // header is opt-in there); nothing here tells a caller the account exists and is locked.
        var locked = await host.SendAsync(HttpMethod.Get, "/scim2/Me", null, null, Basic.Header("alice", "alicepw"));
        Assert.Equal(401, locked.Status);
        Assert.Equal(wrong.Body, locked.Body);
        Assert.Equal(wrong.WwwAuthenticate, locked.WwwAuthenticate);
        Assert.Equal(200, (await host.GetAsync("/scim2/Me", null, Basic.Header("bob", "bobpw"))).Status);

        var printed = new StringWriter();
        Assert.Equal(0, await OperatorCommands.RunAsync(host.Core, ["users", "unlock", "alice"], printed, TextWriter.Null));
        Assert.Contains("Unlocked user", printed.ToString());
        Assert.Equal(200, (await host.GetAsync("/scim2/Me", null, Basic.Header("alice", "alicepw"))).Status);
        Assert.Equal(1, await OperatorCommands.RunAsync(host.Core, ["users", "unlock", "nobody"], TextWriter.Null, TextWriter.Null));
    }

    [Fact]
    public async Task SoapLoginFailures_Lock_ThenLoginIsFalse_AndThePasswordGrantIsInvalidGrant()
    {
        using var home = new TestHome();
        home.WriteToml(LockToml);
        await using var host = await RunningHost.StartAsync(home, RunningHost.SeedMatrixUsers);
        var oauth = new OAuthCalls(host);
        var app = await oauth.RegisterAsync();

        using var factory = AdminServiceClients.Factory<IAuthenticationAdminClient>(host.Port, "AuthenticationAdmin", null, new System.Net.CookieContainer());
        var admin = factory.CreateChannel();
        for (var i = 0; i < 3; i++)
        {
            Assert.False(admin.login("alice", "nope", "127.0.0.1"));
        }

        // AuthenticationAdmin.login answers false for a locked account: the lock reaches it as a
        // user-store error, which carbon-kernel's login swallows unless failure reasons are enabled.
        Assert.False(admin.login("alice", "alicepw", "127.0.0.1"));
        var (status, body) = await oauth.TokenAsync(new() { ["grant_type"] = "password", ["username"] = "alice", ["password"] = "alicepw" }, null, app);
        Assert.Equal(400, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        Assert.True(admin.login("admin", "admin", "127.0.0.1"));
    }

    [Fact]
    public async Task SwitchedOnByAConfigReload_WithoutRestart()
    {
        using var home = new TestHome();
        await using var host = await RunningHost.StartAsync(home, RunningHost.SeedMatrixUsers);
        for (var i = 0; i < 4; i++)
        {
            await host.GetAsync("/scim2/Me", null, Basic.Header("alice", "nope"));
        }

        Assert.Equal(200, (await host.GetAsync("/scim2/Me", null, Basic.Header("alice", "alicepw"))).Status);
        host.Reconfigure(home, LockToml);
        for (var i = 0; i < 3; i++)
        {
            await host.GetAsync("/scim2/Me", null, Basic.Header("alice", "nope"));
        }

        Assert.Equal(401, (await host.GetAsync("/scim2/Me", null, Basic.Header("alice", "alicepw"))).Status);
    }

    [Fact]
    public async Task AFloodOfSixteenConnections_LocksAfterThreeTries_WithoutHashingForTheRest()
    {
        using var home = new TestHome();
        home.WriteToml(LockToml);
        await using var host = await RunningHost.StartAsync(home, RunningHost.SeedMatrixUsers);
        var store = (SqlUserStore)host.Core.Store;
        var before = store.PasswordHashesComputed;

        var clients = Enumerable.Range(0, 16).Select(_ => host.Client()).ToList();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var statuses = await Task.WhenAll(clients.Select(async (client, i) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/scim2/Me");
            request.Headers.TryAddWithoutValidation("Authorization", Basic.Header("alice", $"wrong{i}").Item2);
            using var response = await client.SendAsync(request);
            return (int)response.StatusCode;
        }));
        started.Stop();
        clients.ForEach(c => c.Dispose());

        var hashes = store.PasswordHashesComputed - before;
        output.WriteLine($"16 connections, wrong passwords: {started.ElapsedMilliseconds} ms, {hashes} PBKDF2 verifications");
        Assert.All(statuses, s => Assert.Equal(401, s));
        Assert.InRange(store.PasswordHashesComputed - before, 3, 3 + Environment.ProcessorCount - 1);
        Assert.Equal(401, (await host.GetAsync("/scim2/Me", null, Basic.Header("alice", "alicepw"))).Status);
        Assert.Equal(200, (await host.GetAsync("/scim2/Me", null, Basic.Header("bob", "bobpw"))).Status);
    }
}
