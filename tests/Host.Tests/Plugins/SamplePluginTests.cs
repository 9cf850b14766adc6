using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CompatHost.Host.Chain;
using CompatHost.Host.Configuration;
using CompatHost.Host.Startup;
using CompatHost.Tests.Support;
using CompatHost.Sdk.Handlers;
using Microsoft.Extensions.DependencyInjection;
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

    /// <summary>
    /// The sample's source compiled against contract 1.1 (tests/PluginFixtures/ApiKeyHandlerSdk11):
    /// a drop-in built before 1.2 still loads, switches and decides.
    /// </summary>
    [Fact]
    public async Task Plugin_BuiltAgainstSdk11_StillLoadsAndDecides()
    {
        var dll = Repo.FixturePluginDll("ApiKeyHandlerSdk11");
        Assert.Equal(new Version(1, 1, 0, 0), ReferencedSdkVersion(dll));
        using var home = new TestHome();
        home.DropPlugin(dll);
        home.WriteToml(ApiKeyToml(enable: true, priority: 5));
        await using var host = await RunningHost.StartAsync(home, RunningHost.SeedMatrixUsers);

        Assert.Contains(host.Services.GetRequiredService<HandlerSet>().Plugins, p => p.Loaded && p.HandlerIds.Contains("api_key_handler"));
        Assert.Equal("alice", await UserOf(host, null));
        Assert.Equal(401, (await host.GetAsync("/scim2/Me", null, ("X-API-Key", "wrong"))).Status);
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
        var config = HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance);

        var report = Assert.Single(config.Plugins);
        Assert.True(report.Loaded);
        Assert.Equal(["api_key_handler"], report.HandlerIds);
        Assert.False(config.Settings.Handlers["api_key_handler"].Enabled);
        Assert.DoesNotContain(RestChainIds(config), id => id == "api_key_handler");
    }

    [Fact]
    public void CorruptPlugin_IsLoggedAndSkipped_AndTheHostStillStarts()
    {
        using var home = new TestHome();
        File.WriteAllBytes(Path.Combine(home.Home.DropinsDir, "Broken.dll"), RandomNumberGenerator.GetBytes(4096));
        home.DropPlugin(Repo.SamplePluginDll);

        var config = HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance);

        var broken = Assert.Single(config.Plugins, p => p.File.EndsWith("Broken.dll"));
        Assert.False(broken.Loaded);
        Assert.NotNull(broken.Error);
        Assert.Contains(config.Plugins, p => p.Loaded && p.HandlerIds.Contains("api_key_handler"));
    }

    [Theory]
    [InlineData("ThrowingHandler", "boom")]
    [InlineData("FutureContractHandler", "contract 2.0.0.0")]
    public async Task PluginThatCannotStart_IsSkippedWithItsReason(string plugin, string reason)
    {
        using var home = new TestHome();
        home.DropPlugin(Repo.FixturePluginDll(plugin));
        home.DropPlugin(Repo.SamplePluginDll);

        // A constructor that throws shows when the composition root builds the handlers.
        using var services = CompatHostServices.Compose(await HostCore.OpenAsync(home.Home, NullLoggerFactory.Instance, CancellationToken.None));
        var handlers = services.GetRequiredService<HandlerSet>();

        var report = Assert.Single(handlers.Plugins, p => p.File.EndsWith(plugin + ".dll"));
        Assert.False(report.Loaded);
        Assert.Contains(reason, report.Error);
        Assert.Contains(handlers.Plugins, p => p.Loaded && p.HandlerIds.Contains("api_key_handler"));
        Assert.DoesNotContain(services.GetRequiredService<SettingsStore>().Active.Rest.Entries, e => e.Handler.Id.StartsWith("throwing"));
    }

    [Fact]
    public void EnablingAHandlerThatDidNotLoad_IsAWarning_AndNothingNewIsOpen()
    {
        using var home = new TestHome();
        File.WriteAllBytes(Path.Combine(home.Home.DropinsDir, "ApiKeyHandler.dll"), RandomNumberGenerator.GetBytes(4096));
        home.WriteToml(ApiKeyToml(enable: true, priority: 5));

        var config = HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance);

        Assert.Contains(config.Settings.Warnings, w => w.Key == "event.default_listener.api_key_handler" && w.Message.Contains("ignored"));
        Assert.DoesNotContain(RestChainIds(config), id => id == "api_key_handler");
        Assert.False(Assert.Single(config.Plugins).Loaded);
    }

    private static Version? ReferencedSdkVersion(string dll)
    {
        using var stream = File.OpenRead(dll);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        return metadata.AssemblyReferences.Select(metadata.GetAssemblyReference)
            .Where(r => metadata.GetString(r.Name) == "CompatHost.Sdk").Select(r => r.Version).SingleOrDefault();
    }

    private static IEnumerable<string> RestChainIds(LoadedConfiguration config) =>
        HandlerChain.Plan(HandlerChains.Rest, config.Catalog, config.Settings.Handlers).Select(p => p.Descriptor.Id);

    private static async Task<string?> UserOf(RunningHost host, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate)
    {
        var (status, body) = await host.GetAsync("/scim2/Me", certificate, ("X-API-Key", AliceKey));
        Assert.Equal(200, status);
        return JsonDocument.Parse(body).RootElement.GetProperty("userName").GetString();
    }
}
