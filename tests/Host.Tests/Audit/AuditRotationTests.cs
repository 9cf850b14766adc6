using CompatHost.Host.Audit;
using CompatHost.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CompatHost.Tests.Audit;

/// <summary>
/// [audit_log] rotation: under load no record is lost across the rotated files, old files beyond
/// the retention count go, and a full disk is counted while requests keep being answered.
/// </summary>
public sealed class AuditRotationTests
{
    private const int Clients = 8;
    private const int RequestsPerClient = 60;

    [Fact]
    public async Task UnderLoad_FilesRotateBySize_AndEveryDecisionIsInExactlyOneLine()
    {
        using var home = new TestHome();
        home.WriteToml("[audit_log]\nmax_file_size_kb = 8\nretained_files = 1000\n");
        await using var host = await RunningHost.StartAsync(home);
        var audit = host.Services.GetRequiredService<AuditLog>();

        await LoadAsync(host);
        await UntilAsync(() => audit.WrittenRecords >= Clients * RequestsPerClient);

        var files = AuditFiles(home);
        Assert.True(files.Length > 3, $"expected several rotated files, found {files.Length}");
        Assert.Equal(audit.WrittenRecords, files.Sum(f => File.ReadLines(f).Count()));
        Assert.All(files, f => Assert.True(new FileInfo(f).Length <= 8 * 1024 + 4096, f));
        Assert.Equal(0, audit.LostRecords);
    }

    [Fact]
    public async Task RotatedFilesBeyondTheRetentionCount_AreDeleted()
    {
        using var home = new TestHome();
        home.WriteToml("[audit_log]\nmax_file_size_kb = 4\nretained_files = 2\n");
        await using var host = await RunningHost.StartAsync(home);
        var audit = host.Services.GetRequiredService<AuditLog>();

        await LoadAsync(host);
        await UntilAsync(() => audit.WrittenRecords >= Clients * RequestsPerClient);

        // The current file and at most two rotated ones.
        Assert.InRange(AuditFiles(home).Length, 2, 3);
    }

    [Fact]
    public async Task FullDisk_IsCounted_AndRequestsAreStillServed()
    {
        using var home = new TestHome();
        home.WriteToml("");
        Directory.CreateDirectory(home.Home.LogsDir);
        // /dev/full answers every write with ENOSPC, as a full disk does.
        File.CreateSymbolicLink(home.Home.AuditLog, "/dev/full");
        await using var host = await RunningHost.StartAsync(home);
        var audit = host.Services.GetRequiredService<AuditLog>();

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(200, (await host.SendAsync(HttpMethod.Get, "/api/health", null)).Status);
        }

        await UntilAsync(() => audit.LostRecords >= 20);
        Assert.Equal(0, audit.WrittenRecords);
    }

    private static async Task LoadAsync(RunningHost host)
    {
        using var client = host.Client();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
        {
            for (var i = 0; i < RequestsPerClient; i++)
            {
                using var response = await client.GetAsync("/api/health");
                Assert.Equal(200, (int)response.StatusCode);
            }
        }));
    }

    private static string[] AuditFiles(TestHome home) =>
        Directory.GetFiles(home.Home.LogsDir, "audit.log*");

    private static async Task UntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition(), "the audit writer did not catch up within 10 s");
    }
}
