using System.Diagnostics;
using System.Text.Json;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Scale;

/// <summary>
/// Several host processes sharing one real PostgreSQL database: users and cache invalidation
/// cross nodes; a database outage is a 503, never a 500 or an accept, and service resumes.
/// </summary>
public sealed class MultiNodeTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>
{
    /// <summary>The documented bound for a change on one node to be honoured by another (README: Scale-out).</summary>
    private static readonly TimeSpan InvalidationBound = TimeSpan.FromSeconds(2);

    private static readonly (string, string) Admin = Basic.Header("admin", "admin");

    private static TestHome PostgresHome(string connectionString)
    {
        var home = new TestHome();
        home.WriteToml($"""
            [database.identity_db]
            type = "postgre"
            url = "{connectionString}"
            """);
        return home;
    }

    [PostgresFact]
    public async Task TwoNodes_ShareUsers_AndAPasswordChangeOnOneIsHonouredByTheOther()
    {
        var database = await cluster.CreateDatabaseAsync();
        using var home1 = PostgresHome(database);
        using var home2 = PostgresHome(database);
        var starting = new[] { HostProcess.StartAsync(home1), HostProcess.StartAsync(home2) };
        await using var node1 = await starting[0];
        await using var node2 = await starting[1];

        var created = await node1.SendAsync(HttpMethod.Post, "/scim2/Users", """{"userName":"dave","password":"davepw1"}""", null, Admin);
        Assert.Equal(201, created.Status);
        var id = JsonDocument.Parse(created.Body).RootElement.GetProperty("id").GetString();

        // Node 2 knows the user, and now holds a cached verification of the old password.
        Assert.Equal(200, (await node2.GetAsync("/scim2/Me", null, Basic.Header("dave", "davepw1"))).Status);

        var patch = """{"Operations":[{"op":"replace","path":"password","value":"davepw2"}]}""";
        Assert.Equal(200, (await node1.SendAsync(HttpMethod.Patch, $"/scim2/Users/{id}", patch, null, Admin)).Status);
        var clock = Stopwatch.StartNew();
        while ((await node2.GetAsync("/scim2/Me", null, Basic.Header("dave", "davepw1"))).Status != 401)
        {
            Assert.True(clock.Elapsed < InvalidationBound, $"node 2 still accepts the old password after {clock.Elapsed}");
            await Task.Delay(50);
        }

        Assert.Equal(200, (await node2.GetAsync("/scim2/Me", null, Basic.Header("dave", "davepw2"))).Status);
    }

    [PostgresFact]
    public async Task DatabaseDown_Is503_NoAcknowledgedWriteIsLost_AndServiceResumes()
    {
        using var home = PostgresHome(await cluster.CreateDatabaseAsync());
        await using var host = await RunningHost.StartAsync(home, RunningHost.SeedMatrixUsers);
        Assert.Equal(201, (await host.SendAsync(HttpMethod.Post, "/scim2/Users", """{"userName":"erin","password":"erinpw1"}""", null, Admin)).Status);

        cluster.Stop();
        try
        {
            // erin's credentials were never verified: deciding needs the store.
            Assert.Equal(503, (await host.GetAsync("/scim2/Me", null, Basic.Header("erin", "erinpw1"))).Status);
            Assert.Equal(503, (await host.SendAsync(HttpMethod.Post, "/scim2/Users", """{"userName":"frank","password":"x1"}""", null, Admin)).Status);
        }
        finally
        {
            cluster.Start();
        }

        var clock = Stopwatch.StartNew();
        int status;
        while ((status = (await host.GetAsync("/scim2/Me", null, Basic.Header("erin", "erinpw1"))).Status) != 200)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"still {status} after the database returned");
            await Task.Delay(200);
        }
    }
}
