using System.Collections.Concurrent;
using System.Diagnostics;
using CompatHost.Tests.Support;
using Xunit.Abstractions;

namespace CompatHost.Tests.Reliability;

/// <summary>
/// Two host nodes on one PostgreSQL server under a steady mixed load (cached Basic reads, token
/// issuance, SCIM user creation) while the server is stopped and started again: what answered
/// 503 and when, and when service came back. Every answer is the success or a 503 — never a
/// 500, never a refused credential — and every kind of call succeeds again soon after the
/// server is back. The timeline goes to the test output (README: Reliability).
/// </summary>
public sealed class PostgresRestartTests(PostgresCluster cluster, ITestOutputHelper output) : IClassFixture<PostgresCluster>
{
    private static readonly TimeSpan Before = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan Down = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan After = TimeSpan.FromSeconds(12);

    /// <summary>Npgsql's pool notices the server is back on the next open; generous for a loaded machine.</summary>
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(8);

    private readonly ConcurrentBag<(string Call, int Node, double At, int Status)> _answers = [];

    [PostgresFact]
    public async Task DatabaseRestart_UnderLoad_AnswersOnly503Meanwhile_AndServiceComesBack()
    {
        var database = await cluster.CreateDatabaseAsync();
        using var home1 = Home(database);
        using var home2 = Home(database);
        var starting = new[] { HostProcess.StartAsync(home1), HostProcess.StartAsync(home2) };
        await using var node1 = await starting[0];
        await using var node2 = await starting[1];
        var nodes = new[] { node1, node2 };
        var app = await WriteCalls.RegisterAsync(node1);

        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        (string, Func<HttpClient, Task<int>>)[] calls =
        [
            ("read", ReadAsync),
            ("token", c => WriteCalls.IssueTokenAsync(c, app, [])),
            ("token", c => WriteCalls.IssueTokenAsync(c, app, [])),
            ("scim-write", c => WriteCalls.CreateUserAsync(c, [])),
        ];
        var load = Task.WhenAll(Enumerable.Range(0, 8).Select(w => LoadAsync(nodes[w % 2], w % 2 + 1, calls[w % 4], clock, stop.Token)));

        await Task.Delay(Before);
        var stopped = clock.Elapsed.TotalSeconds;
        await cluster.StopAsync();
        await Task.Delay(Down);
        await cluster.StartAsync();
        var started = clock.Elapsed.TotalSeconds;
        await Task.Delay(After);
        await stop.CancelAsync();
        await load;

        output.WriteLine($"database stopped at {stopped:F1} s, running again at {started:F1} s");
        foreach (var call in _answers.GroupBy(a => a.Call).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var unavailable = call.Where(a => a.Status == 503).ToList();
            var back = call.Where(a => a.At > started && a.Status is 200 or 201).Select(a => a.At).DefaultIfEmpty(double.NaN).Min();
            output.WriteLine($"{call.Key,-10} {call.Count(),5} answers, {unavailable.Count,4} were 503" +
                (unavailable.Count > 0 ? $" (from {unavailable.Min(a => a.At):F1} s to {unavailable.Max(a => a.At):F1} s)" : "") +
                $", first success after the restart at {back:F1} s ({back - started:F1} s after)");
            Assert.All(call, a => Assert.True(a.Status is 200 or 201 or 503, $"{call.Key} on node {a.Node} at {a.At:F1} s answered {a.Status}"));
            Assert.True(back - started < RecoveryBound.TotalSeconds, $"{call.Key} did not succeed within {RecoveryBound} of the restart");
        }

        Assert.Contains(_answers, a => a.Status == 503);
        Assert.DoesNotContain(_answers, a => a.Status == 503 && a.At < stopped);
    }

    private async Task LoadAsync(HostProcess node, int number, (string Name, Func<HttpClient, Task<int>> Call) call, Stopwatch clock, CancellationToken stop)
    {
        using var client = node.Client();
        while (!stop.IsCancellationRequested)
        {
            var status = await call.Call(client);
            _answers.Add((call.Name, number, clock.Elapsed.TotalSeconds, status));
            if (status == 503)
            {
                // As a client honouring Retry-After would, only sooner: the outage is short.
                await Task.Delay(200, CancellationToken.None);
            }
        }
    }

    /// <summary>The super admin's own record with Basic: verified from the cache once seen, so it may outlive the outage.</summary>
    private static async Task<int> ReadAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/scim2/Me");
        request.Headers.TryAddWithoutValidation(WriteCalls.Admin.Item1, WriteCalls.Admin.Item2);
        using var response = await client.SendAsync(request);
        await response.Content.ReadAsStringAsync();
        return (int)response.StatusCode;
    }

    private static TestHome Home(string connectionString)
    {
        var home = new TestHome();
        home.WriteToml($"""
            [database.identity_db]
            type = "postgre"
            url = "{connectionString}"
            query_timeout = 5
            """);
        return home;
    }
}
