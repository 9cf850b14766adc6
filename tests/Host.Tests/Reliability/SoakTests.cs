using System.Text.Json;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Reliability;

/// <summary>Alone: the soak's memory and error limits must not depend on what other tests load the machine with.</summary>
[CollectionDefinition(nameof(SoakTests), DisableParallelization = true)]
public sealed class SoakCollection;

/// <summary>
/// The 60-second soak (bench/Bench/Soak) as CI runs it, in its own process so its RSS is the
/// host's and the load's alone: the mixed load at 80 % of its measured peak with a config or
/// truststore reload every 3 s, and the hard limits — no error at all, RSS after the warm-up
/// grown by less than 10 %.
/// </summary>
[Collection(nameof(SoakTests))]
public sealed class SoakTests
{
    [Fact]
    public async Task SixtySecondSoak_WithReloads_HasNoErrors_AndFlatMemory()
    {
        Assert.True(File.Exists(Repo.BenchDll), $"{Repo.BenchDll} is missing: build the solution (dotnet build Host.sln -c Release)");
        var json = Path.Combine(Path.GetTempPath(), $"compathost-soak-{Guid.NewGuid():N}.json");
        var (exit, printed, errors) = await ChildProcess.RunAsync("dotnet",
            [Repo.BenchDll, "soak", "--seconds", "60", "--warmup", "20", "--calibrate", "5", "--sample", "5", "--reload", "3", "--json", json], TimeSpan.FromMinutes(3));
        var output = printed + errors;
        try
        {
            var report = JsonDocument.Parse(await File.ReadAllTextAsync(json)).RootElement;
            Assert.True(report.GetProperty("requests").GetInt64() > 0, output);
            Assert.True(report.GetProperty("errors").GetInt64() == 0, output);
            Assert.True(report.GetProperty("rssGrowth").GetDouble() < 0.10, output);
            // A rewrite every 3 s for 60 s, half of each kind; the watchers may merge two that land close together.
            Assert.True(report.GetProperty("configReloads").GetInt32() >= 7 && report.GetProperty("trustReloads").GetInt32() >= 7, output);
            Assert.Equal(0, report.GetProperty("reloadsRejected").GetInt32());
            Assert.Equal(0, exit);
        }
        finally
        {
            File.Delete(json);
        }
    }
}
