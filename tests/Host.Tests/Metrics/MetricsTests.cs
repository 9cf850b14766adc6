using System.Globalization;
using System.Text.RegularExpressions;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Metrics;

/// <summary>Instruments are process-wide: this class runs alone so the counts are this host's.</summary>
[CollectionDefinition(nameof(MetricsTests), DisableParallelization = true)]
public sealed class MetricsCollection;

/// <summary>A Prometheus scrape at GET /metrics shows what a load produced, behind an administrator's permission.</summary>
[Collection(nameof(MetricsTests))]
public sealed class MetricsTests
{
    private static readonly (string, string) Admin = Basic.Header("admin", "admin");

    [Fact]
    public async Task Scrape_AfterALoad_ShowsTheDecisionsItProduced()
    {
        using var home = new TestHome();
        home.WriteToml("");
        await using var host = await RunningHost.StartAsync(home, RunningHost.SeedMatrixUsers);

        var before = await ScrapeAsync(host);
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(200, (await host.SendAsync(HttpMethod.Get, "/scim2/Me", null, null, Basic.Header("alice", "alicepw"))).Status);
        }

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(401, (await host.SendAsync(HttpMethod.Get, "/scim2/Me", null, null, Basic.Header("alice", "wrong"))).Status);
        }

        var after = await ScrapeAsync(host);

        // The first scrape's own decision is counted once it has answered, so it shows in the second.
        Assert.Equal(31, Delta(before, after, """compathost_auth_decisions_total{chain="rest",handler="BasicAuthentication",outcome="success"}"""));
        Assert.Equal(10, Delta(before, after, """compathost_auth_decisions_total{chain="rest",handler="BasicAuthentication",outcome="failure"}"""));
        Assert.True(Delta(before, after, """compathost_cache_lookups_total{cache="password_verifications",result="hit"}""") >= 29);
        Assert.Contains("http_server_request_duration_seconds_bucket", after.Text);
        Assert.Contains("compathost_tls_server_certificate_remaining_days", after.Text);
    }

    [Fact]
    public async Task Metrics_NeedAnAdministrator_UnlessARuleOpensThem()
    {
        using var home = new TestHome();
        home.WriteToml("");
        await using var host = await RunningHost.StartAsync(home, RunningHost.SeedMatrixUsers);

        Assert.Equal(401, (await host.SendAsync(HttpMethod.Get, "/metrics", null)).Status);
        Assert.Equal(403, (await host.SendAsync(HttpMethod.Get, "/metrics", null, null, Basic.Header("alice", "alicepw"))).Status);

        host.Reconfigure(home, """
            [[resource.access_control]]
            context = "/metrics"
            secure = false
            http_method = "GET"
            """);
        Assert.Equal(200, (await host.SendAsync(HttpMethod.Get, "/metrics", null)).Status);
    }

    private static async Task<Scrape> ScrapeAsync(RunningHost host)
    {
        var reply = await host.SendAsync(HttpMethod.Get, "/metrics", null, null, Admin);
        Assert.Equal(200, reply.Status);
        return new Scrape(reply.Body);
    }

    private static double Delta(Scrape before, Scrape after, string series) => after.Value(series) - before.Value(series);

    private sealed record Scrape(string Text)
    {
        /// <summary>The sample of a series (name and labels exactly as exposed), 0 when absent.</summary>
        public double Value(string series)
        {
            var name = series[..series.IndexOf('{')];
            var labels = series[series.IndexOf('{')..];
            foreach (var line in Text.Split('\n'))
            {
                var match = Regex.Match(line, @"^(?<name>[a-z_]+)(?<labels>\{[^}]*\})? (?<value>\S+)");
                if (match.Success && match.Groups["name"].Value == name && SameLabels(match.Groups["labels"].Value, labels))
                {
                    return double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
                }
            }

            return 0;
        }

        /// <summary>The exporter may add labels (otel_scope_name, …); the wanted ones must all be there.</summary>
        private static bool SameLabels(string actual, string wanted) =>
            wanted.Trim('{', '}').Split(',').All(label => actual.Contains(label, StringComparison.Ordinal));
    }
}
