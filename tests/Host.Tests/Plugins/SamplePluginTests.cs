using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CompatHost.Host.Configuration;
using CompatHost.Host.Startup;
using CompatHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompatHost.Tests.Plugins;

/// <summary>
/// The sample ApiKey plugin from plugins/, built with the solution, dropped into a home,
/// switched and reordered through deployment.toml, and called end to end.
/// </summary>
public sealed class SamplePluginTests
{
    private const string AliceKey = "alice-api-key-0123456789";

    private static string ApiKeyToml(bool enable, int priority) => $"""

        [event.default_listener.api_key_handler]
        enable = {(enable ? "true" : "false")}
        priority = {priority}
        [event.default_listener.api_key_handler.config]
        alice = "{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(AliceKey)))}"
        """;

    [Fact]
    public async Task Plugin_EnabledAndOrderedByConfig_DecidesBeforeOrAfterTheBuiltIn()
    {
        using var home = new TestHome();
        home.DropPlugin(Repo.SamplePluginDll);
        home.WriteToml(TestToml.AnyCertificateFromTheCaActsAs("admin") + ApiKeyToml(enable: true, priority: 5));
        await using var host = await RunningHost.StartAsync(home, RunningHost.SeedMatrixUsers);
        var certificate = TestPki.Instance.Client("bob");

        // Priority 5 runs before ClientCertificate (10): the API key decides.
        Assert.Equal("alice", await UserOf(host, certificate));

        // Priority 50 runs after it: the certificate's mapping decides.
        host.Reconfigure(home, TestToml.AnyCertificateFromTheCaActsAs("admin") + ApiKeyToml(enable: true, priority: 50));
        Assert.Equal("admin", await UserOf(host, certificate));

        // Switched off: an API key alone authenticates nobody.
        host.Reconfigure(home, TestToml.AnyCertificateFromTheCaActsAs("admin") + ApiKeyToml(enable: false, priority: 5));
        var (status, _) = await host.GetAsync("/scim2/Me", null, ("X-API-Key", AliceKey));
        Assert.Equal(401, status);
    }

    [Fact]
    public async Task Plugin_WrongKey_FailsFinally_WithoutFallingThroughToBasic()
    {
        using var home = new TestHome();
        home.DropPlugin(Repo.SamplePluginDll);
        home.WriteToml(ApiKeyToml(enable: true, priority: 5));
        await using var host = await RunningHost.StartAsync(home, RunningHost.SeedMatrixUsers);
        var basic = "Basic " + Convert.ToBase64String("admin:admin"u8.ToArray());

        var (status, _) = await host.GetAsync("/scim2/Me", null, ("X-API-Key", "wrong"), ("Authorization", basic));

        Assert.Equal(401, status);
    }

    [Fact]
    public void Plugin_IsOffUntilConfigEnablesIt()
    {
        using var home = new TestHome();
        home.DropPlugin(Repo.SamplePluginDll);
        using var core = HostCore.Open(home.Home, NullLoggerFactory.Instance);

        var report = Assert.Single(core.Plugins);
        Assert.True(report.Loaded);
        Assert.Equal(["api_key_handler"], report.HandlerIds);
        Assert.False(core.Settings.Handlers["api_key_handler"].Enabled);
        Assert.DoesNotContain(core.Settings.RestChain.Entries, e => e.Handler.Id == "api_key_handler");
    }

    [Fact]
    public void CorruptPlugin_IsLoggedAndSkipped_AndTheHostStillStarts()
    {
        using var home = new TestHome();
        File.WriteAllBytes(Path.Combine(home.Home.DropinsDir, "Broken.dll"), RandomNumberGenerator.GetBytes(4096));
        home.DropPlugin(Repo.SamplePluginDll);

        using var core = HostCore.Open(home.Home, NullLoggerFactory.Instance);

        var broken = Assert.Single(core.Plugins, p => p.File.EndsWith("Broken.dll"));
        Assert.False(broken.Loaded);
        Assert.NotNull(broken.Error);
        Assert.Contains(core.Plugins, p => p.Loaded && p.HandlerIds.Contains("api_key_handler"));
    }

    [Theory]
    [InlineData("ThrowingHandler", "boom")]
    [InlineData("FutureContractHandler", "contract 2.0.0.0")]
    public void PluginThatCannotStart_IsSkippedWithItsReason(string plugin, string reason)
    {
        using var home = new TestHome();
        home.DropPlugin(Repo.FixturePluginDll(plugin));
        home.DropPlugin(Repo.SamplePluginDll);

        using var core = HostCore.Open(home.Home, NullLoggerFactory.Instance);

        var report = Assert.Single(core.Plugins, p => p.File.EndsWith(plugin + ".dll"));
        Assert.False(report.Loaded);
        Assert.Contains(reason, report.Error);
        Assert.Contains(core.Plugins, p => p.Loaded && p.HandlerIds.Contains("api_key_handler"));
    }

    [Fact]
    public void EnablingAHandlerThatDidNotLoad_IsAWarning_AndNothingNewIsOpen()
    {
        using var home = new TestHome();
        File.WriteAllBytes(Path.Combine(home.Home.DropinsDir, "ApiKeyHandler.dll"), RandomNumberGenerator.GetBytes(4096));
        home.WriteToml(ApiKeyToml(enable: true, priority: 5));

        using var core = HostCore.Open(home.Home, NullLoggerFactory.Instance);

        Assert.Contains(core.Settings.Warnings, w => w.Key == "event.default_listener.api_key_handler" && w.Message.Contains("ignored"));
        Assert.DoesNotContain(core.Settings.RestChain.Entries, e => e.Handler.Id == "api_key_handler");
        Assert.False(Assert.Single(core.Plugins).Loaded);
    }

    private static async Task<string?> UserOf(RunningHost host, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        var (status, body) = await host.GetAsync("/scim2/Me", certificate, ("X-API-Key", AliceKey));
        Assert.Equal(200, status);
        return JsonDocument.Parse(body).RootElement.GetProperty("userName").GetString();
    }
}
