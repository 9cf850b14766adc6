using System.Text.Json;
using CompatHost.Host.Audit;
using CompatHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

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

    /// <summary>
    /// Requests serialize their records into a buffer the writer swaps out: written from many
    /// threads at once, right up to the close, every record is one whole line, none is lost and
    /// none is written twice; a record offered after the close is refused, not dropped silently.
    /// </summary>
    [Fact]
    public async Task ConcurrentWriters_UpToTheClose_EachRecordIsOneWholeLine()
    {
        using var home = new TestHome();
        var file = home.Home.AuditLog;
        var audit = new AuditLog(file, AuditLogSettings.Default, TimeProvider.System, NullLogger<AuditLog>.Instance);
        const int Writers = 8;
        const int PerWriter = 2_000;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < PerWriter; i++)
            {
                await audit.WriteAsync(new AuditRecord(DateTimeOffset.UtcNow, "127.0.0.1", "rest", "GET", $"/w{w}/{i}\n\"x\"",
                    null, "BasicAuthentication", "alice", "success", 200, null));
            }
        })));
        await audit.DisposeAsync();

        var paths = File.ReadLines(file).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("path").GetString()).ToList();
        Assert.Equal(Writers * PerWriter, paths.Count);
        Assert.Equal(paths.Count, paths.Distinct().Count());
        Assert.Equal(Writers * PerWriter, audit.WrittenRecords);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () =>
            await audit.WriteAsync(new AuditRecord(DateTimeOffset.UtcNow, null, "rest", "GET", "/late", null, null, null, "success", 200, null)));
    }
}
