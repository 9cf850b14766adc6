using CompatHost.Tests.Support;

namespace CompatHost.Tests.Audit;

/// <summary>Every decision is one JSON line with the spec's fields, and no secret ever appears.</summary>
public sealed class AuditLogTests
{
    [Fact]
    public async Task Decisions_AreRecorded_WithoutSecrets()
    {
        using var home = new TestHome();
        await using var host = await RunningHost.StartAsync(home, RunningHost.SeedMatrixUsers);

        await host.GetAsync("/scim2/Me", null, Basic.Header("alice", "alicepw"));
        await host.GetAsync("/scim2/Me", null, Basic.Header("alice", "wrong-secret-pw"));
        await host.AuditRecordAsync(r => r.GetProperty("outcome").GetString() == "failure");
        var records = host.AuditRecords();

        var success = records.First(r => r.GetProperty("outcome").GetString() == "success" && r.GetProperty("path").GetString() == "/scim2/Me");
        Assert.Equal("rest", success.GetProperty("chain").GetString());
        Assert.Equal("GET", success.GetProperty("method").GetString());
        Assert.Equal("BasicAuthentication", success.GetProperty("handler").GetString());
        Assert.Equal("alice", success.GetProperty("user").GetString());
        Assert.Equal(200, success.GetProperty("status").GetInt32());
        Assert.Equal("127.0.0.1", success.GetProperty("remote").GetString());
        Assert.True(DateTimeOffset.TryParse(success.GetProperty("time").GetString(), out _));

        var failure = records.First(r => r.GetProperty("outcome").GetString() == "failure");
        Assert.False(failure.TryGetProperty("user", out _));
        Assert.Equal(401, failure.GetProperty("status").GetInt32());

        var raw = await File.ReadAllTextAsync(home.Home.AuditLog);
        Assert.DoesNotContain("alicepw", raw);
        Assert.DoesNotContain("wrong-secret-pw", raw);
        Assert.DoesNotContain(Basic.Header("alice", "alicepw").Item2, raw);
    }
}
