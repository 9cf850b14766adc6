using CompatHost.Host.Chain;
using CompatHost.Host.Configuration;
using CompatHost.Host.Startup;
using CompatHost.Sdk.Handlers;
using CompatHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompatHost.Tests.Configuration;

/// <summary>
/// A handler checks its own section (SDK 1.3 <see cref="IHandlerConfigurationCheck"/>); the host
/// reports what it finds where the operator wrote it, and only while the handler is on.
/// </summary>
public sealed class HandlerConfigurationCheckTests
{
    private static readonly int FirstLine = TestHome.BaseToml.Count(c => c == '\n') + 1;

    [Fact]
    public void CheckError_NamesTheFileAndLineOfTheParameter_AndStopsTheLoad()
    {
        using var home = HomeWithZone(enabled: true, "nowhere");

        var ex = Assert.Throws<ConfigException>(() => HostSettingsLoader.Load(home.Home, CatalogWithZonedHandler(home)));

        var error = Assert.Single(ex.Errors, e => e.Key == "zoned_handler");
        Assert.Equal(home.Home.DeploymentToml, error.File);
        Assert.Equal(FirstLine + 3, error.Line);
        Assert.Contains("no zone called nowhere", error.Message);
    }

    [Fact]
    public void DisabledHandler_IsNotChecked()
    {
        using var home = HomeWithZone(enabled: false, "nowhere");

        var settings = HostSettingsLoader.Load(home.Home, CatalogWithZonedHandler(home));

        Assert.DoesNotContain(settings.Warnings, w => w.Key == "zoned_handler");
    }

    private static TestHome HomeWithZone(bool enabled, string zone)
    {
        var home = new TestHome();
        home.WriteToml($"""
            [event.default_listener.zoned_handler]
            enable = {(enabled ? "true" : "false")}
            [event.default_listener.zoned_handler.config]
            zone = "{zone}"
            """);
        return home;
    }

    private static HandlerCatalog CatalogWithZonedHandler(TestHome home)
    {
        var catalog = HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance).Catalog;
        return new HandlerCatalog(catalog.All.Append(HandlerCatalog.Plugin(typeof(ZonedHandler), "zoned.dll")), catalog.AdminFallbacks);
    }

    [HandlerDefaults(ConfigurationCheck = typeof(ZoneCheck))]
    private sealed class ZonedHandler : StubHandler
    {
        public override string Id => "zoned_handler";

        public override string Name => "Zoned";
    }

    private sealed class ZoneCheck : IHandlerConfigurationCheck
    {
        public IEnumerable<HandlerConfigurationFinding> Check(HandlerConfiguration configuration, HandlerCheckContext context) =>
            configuration.Parameter("zone") is "east" or "west" or null
                ? []
                : [HandlerConfigurationFinding.Error("zone", $"there is no zone called {configuration.Parameter("zone")}")];
    }
}
