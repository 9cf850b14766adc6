using CompatHost.Host.Chain;
using CompatHost.Host.Configuration;
using CompatHost.Host.Startup;
using CompatHost.Sdk.Configuration;
using CompatHost.Sdk.Handlers;
using CompatHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompatHost.Tests.Configuration;

/// <summary>
/// A handler reads its own sections of the product's files (SDK 1.4 <see cref="IHandlerSettingsReader"/>):
/// what it returns is the snapshot's section of that type, and what it reports names file, key and line.
/// </summary>
public sealed class HandlerSettingsReaderTests
{
    private static readonly int FirstLine = TestHome.BaseToml.Count(c => c == '\n') + 1;

    [Fact]
    public void ReaderRecords_AreTheSnapshotsSections_FromTomlOrIdentityXml()
    {
        using var home = new TestHome();
        home.WriteToml("""
            [weather]
            city = "Colombo"
            """);
        Assert.Equal(new WeatherSettings("Colombo", "toml"), HostSettingsLoader.Load(home.Home, CatalogWith<WeatherHandler>(home)).Section<WeatherSettings>());

        home.WriteToml("");
        Directory.CreateDirectory(Path.GetDirectoryName(home.Home.IdentityXml)!);
        File.WriteAllText(home.Home.IdentityXml, """<Server xmlns="http://wso2.org/projects/carbon/carbon.xml"><Weather city="Kandy"/></Server>""");
        Assert.Equal(new WeatherSettings("Kandy", "xml"), HostSettingsLoader.Load(home.Home, CatalogWith<WeatherHandler>(home)).Section<WeatherSettings>());
    }

    [Fact]
    public void ReaderErrors_NameTheFileKeyAndLine_AndStopTheLoad()
    {
        using var home = new TestHome();
        home.WriteToml("""
            [weather]
            city = 7
            typo = "x"
            """);

        var ex = Assert.Throws<ConfigException>(() => HostSettingsLoader.Load(home.Home, CatalogWith<WeatherHandler>(home)));

        var error = Assert.Single(ex.Errors);
        Assert.Equal((home.Home.DeploymentToml, "weather.city", FirstLine + 1), (error.File, error.Key, error.Line));
        Assert.Contains("expected a string", error.Message);
    }

    [Fact]
    public void UnreadKeys_AreWarnings_NamingTheKey()
    {
        using var home = new TestHome();
        home.WriteToml("""
            [weather]
            city = "Galle"
            citty = "Galle"
            """);

        var settings = HostSettingsLoader.Load(home.Home, CatalogWith<WeatherHandler>(home));

        Assert.Contains(settings.Warnings, w => w.Key == "weather.citty" && w.Line == FirstLine + 2);
    }

    [Fact]
    public void ReaderThatThrows_FailsTheLoad_NamingIt()
    {
        using var home = new TestHome();

        var ex = Assert.Throws<ConfigException>(() => HostSettingsLoader.Load(home.Home, CatalogWith<BrokenHandler>(home)));

        Assert.Contains(ex.Errors, e => e.Key == nameof(BrokenHandler) && e.Message.Contains("BrokenReader failed: no barometer"));
    }

    [Fact]
    public void ReaderReturningTheHostsOwnSection_FailsTheLoad()
    {
        using var home = new TestHome();

        var ex = Assert.Throws<ConfigException>(() => HostSettingsLoader.Load(home.Home, CatalogWith<UsurpingHandler>(home)));

        Assert.Contains(ex.Errors, e => e.Key == "super_admin" && e.Message.Contains("SuperAdminSettings"));
    }

    [Fact]
    public void BuiltInClientCertificateSettings_AreReadByTheHandlersOwnReader()
    {
        using var home = new TestHome();
        var settings = HostSettingsLoader.Load(home.Home, HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance).Catalog);

        // The host core names no handler's settings; the catalog's reader produced these records.
        Assert.Contains(settings.Sections.Keys, t => t.FullName == "CompatHost.Handlers.ClientCertificate.ClientCertificateSettings");
        Assert.Contains(settings.Sections.Keys, t => t.FullName == "CompatHost.Handlers.ClientCertificate.IntermediateCertSettings");

        // Its record describes itself in the startup summary; the summary names no handler's settings.
        var summary = new StringWriter();
        StartupSummary.Print(summary, settings, HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance).Catalog, [], null, null);
        Assert.Contains("Client-certificate mappings: disabled, 0 system, 0 user", summary.ToString());
    }

    private static HandlerCatalog CatalogWith<T>(TestHome home)
    {
        var catalog = HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance).Catalog;
        return new HandlerCatalog(catalog.All.Append(HandlerCatalog.Plugin(typeof(T), "weather.dll")), catalog.AdminFallbacks);
    }

    private sealed record WeatherSettings(string? City, string From);

    [HandlerDefaults(SettingsReader = typeof(WeatherReader))]
    private sealed class WeatherHandler : StubHandler
    {
        public override string Id => "weather_handler";

        public override string Name => "Weather";
    }

    private sealed class WeatherReader : IHandlerSettingsReader
    {
        public IEnumerable<object> Read(IProductConfig config)
        {
            if (config.Tables("weather") is [var table, ..])
            {
                var city = table.String("city");
                table.WarnUnreadKeys();
                return [new WeatherSettings(city, "toml")];
            }

            return [new WeatherSettings(config.IdentityXml?.DescendantsNamed("Weather").FirstOrDefault()?.Attr("city"), "xml")];
        }
    }

    [HandlerDefaults(SettingsReader = typeof(UsurpingReader))]
    private sealed class UsurpingHandler : StubHandler
    {
        public override string Id => "usurping_handler";

        public override string Name => "Usurping";
    }

    private sealed class UsurpingReader : IHandlerSettingsReader
    {
        public IEnumerable<object> Read(IProductConfig config) => [new SuperAdminSettings("mallory", "x", false)];
    }

    [HandlerDefaults(SettingsReader = typeof(BrokenReader))]
    private sealed class BrokenHandler : StubHandler
    {
        public override string Id => "broken_handler";

        public override string Name => "Broken";
    }

    private sealed class BrokenReader : IHandlerSettingsReader
    {
        public IEnumerable<object> Read(IProductConfig config) => throw new InvalidOperationException("no barometer");
    }
}
