using CompatHost.Host.Configuration;
using CompatHost.Host.Startup;
using CompatHost.Sdk.Handlers;
using CompatHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompatHost.Tests.OAuth;

/// <summary>
/// MutualTLSClientAuthenticator's switch as the product's files set it: TOML
/// <c>[event.default_listener.mutual_tls_authenticator]</c>, identity.xml's EventListener (IS 7 at
/// 919, IS 5.x by hand at 158), on at 919 when no file mentions it (IS 7 default.json).
/// </summary>
public sealed class MutualTlsSwitchTests
{
    private const string ListenerName = "org.wso2.carbon.identity.oauth2.token.handler.clientauth.mutualtls.MutualTLSClientAuthenticator";

    private static HostSettings Load(string toml, string? identityXml = null)
    {
        using var home = new TestHome();
        home.WriteToml(toml);
        if (identityXml is not null)
        {
            var file = Path.Combine(home.Root, "identity-source.xml");
            File.WriteAllText(file, identityXml);
            home.WriteIdentityXml(file);
        }

        var core = HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance);
        return core.Settings;
    }

    private static string IdentityXml(string attributes) => $"""
        <Server xmlns="http://wso2.org/projects/carbon/carbon.xml">
            <EventListeners>
                <EventListener {attributes} type="org.wso2.carbon.identity.core.handler.AbstractIdentityHandler" name="{ListenerName}" />
            </EventListeners>
        </Server>
        """;

    [Theory]
    [InlineData("", true, 919, SettingSource.Default)]
    [InlineData("[event.default_listener.mutual_tls_authenticator]\npriority = 42\nenable = false\n", false, 42, SettingSource.Toml)]
    public void TomlProductId_OrNothing_SetsTheSwitch(string toml, bool enabled, int priority, SettingSource source)
    {
        var mtls = Load(toml).Handlers["mutual_tls_authenticator"];

        Assert.Equal(enabled, mtls.Enabled);
        Assert.Equal(priority, mtls.Priority);
        Assert.Equal(source, mtls.EnabledSource);
        Assert.Equal(source, mtls.PrioritySource);
    }

    [Theory]
    [InlineData("""orderId="158" enable="true" """, 158, true)]
    [InlineData("""id="mutual_tls_authenticator" orderId="919" enable="false" """, 919, false)]
    public void IdentityXmlListener_SetsOrderAndSwitch(string attributes, int priority, bool enabled)
    {
        var mtls = Load("", IdentityXml(attributes)).Handlers["mutual_tls_authenticator"];

        Assert.Equal(enabled, mtls.Enabled);
        Assert.Equal(priority, mtls.Priority);
        Assert.Equal(SettingSource.Xml, mtls.EnabledSource);
        Assert.Equal(SettingSource.Xml, mtls.PrioritySource);
    }

    [Fact]
    public void OldHostId_StillWorks_WithADeprecationWarning()
    {
        var settings = Load("[event.default_listener.mutual_tls_client_authenticator]\nenable = false\n");

        Assert.False(settings.Handlers["mutual_tls_authenticator"].Enabled);
        Assert.Contains(settings.Warnings, w => w.ToString().Contains("'mutual_tls_client_authenticator' is deprecated", StringComparison.Ordinal));
    }

    [Fact]
    public void OldAndProductId_Together_IsAnError()
    {
        var error = Assert.Throws<ConfigException>(() => Load(
            "[event.default_listener.mutual_tls_client_authenticator]\nenable = false\n[event.default_listener.mutual_tls_authenticator]\nenable = true\n"));

        Assert.Contains("set the same switch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartupSummary_NamesTheFileThatSetIt()
    {
        using var home = new TestHome();
        home.WriteToml("[event.default_listener.mutual_tls_authenticator]\nenable = false\n");
        var config = HostCore.LoadConfiguration(home.Home, NullLoggerFactory.Instance);
        var output = new StringWriter();

        StartupSummary.Print(output, config.Settings, config.Catalog, config.Plugins, null, new Uri("https://localhost:9443"));

        Assert.Contains("MutualTLSClientAuthenticator (mutual_tls_authenticator) priority 919 (from the IS 7 default), disabled (from deployment.toml)",
            output.ToString(), StringComparison.Ordinal);
    }
}
