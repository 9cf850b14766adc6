using System.Diagnostics;
using CompatHost.Host.Storage;
using CompatHost.Host.Users;
using CompatHost.Sdk.Identity;
using CompatHost.Tests.Support;
using Microsoft.Data.Sqlite;

namespace CompatHost.Tests.Users;

/// <summary>
/// Writes acknowledged by the store survive the process being killed mid-write: separate host
/// processes add users through the operator CLI, the last one is killed while it writes.
/// </summary>
public sealed class StoreDurabilityTests
{
    [Fact]
    public async Task AcknowledgedUsers_SurviveAKilledWriter()
    {
        using var home = new TestHome();
        for (var i = 1; i <= 3; i++)
        {
            using var process = Cli(home, "users", "add", $"user{i}", "--password", $"pw{i}");
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
        }

        using (var killed = Cli(home, "users", "add", "user4", "--password", "pw4"))
        {
            await Task.Delay(400);
            killed.Kill(entireProcessTree: true);
            await killed.WaitForExitAsync();
        }

        var store = new SqlUserStore(new SqliteStoreDatabase(Path.Combine(home.Home.DatabaseDir, "identity.db")));
        await store.InitializeAsync(CancellationToken.None);
        for (var i = 1; i <= 3; i++)
        {
            Assert.True(await store.VerifyPasswordAsync(QualifiedUserName.Parse($"user{i}"), $"pw{i}", CancellationToken.None));
        }

        using var connection = new SqliteConnection($"Data Source={Path.Combine(home.Home.DatabaseDir, "identity.db")}");
        connection.Open();
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", check.ExecuteScalar());
    }

    private static Process Cli(TestHome home, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CompatHost.dll"));
        start.ArgumentList.Add("--home");
        start.ArgumentList.Add(home.Root);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
